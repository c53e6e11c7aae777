import { createContext, useContext } from 'react';

/**
 * This request's Content-Security-Policy nonce, for the inline scripts Remix renders (<Scripts>,
 * <ScrollRestoration>). Provided by app/entry.server.tsx from the load context (the edge made it);
 * in the browser it is empty: browsers hide the nonce attribute from the DOM once it has been used,
 * so hydration compares "" with "" (the Epic Stack does the same).
 */
const NonceContext = createContext('');

export const NonceProvider = NonceContext.Provider;

export const useNonce = () => useContext(NonceContext);
