export * from './regions';
export * from './users';
export * from './organizations';
export * from './audit';
export * from './projects';
export * from './contracts';
export * from './calendar';
export * from './intentions';
