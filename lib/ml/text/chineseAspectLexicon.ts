/**
 * Words whose sentiment depends on what they describe: 大 is good for a room (房间很大) and bad
 * for noise (噪音很大). A relative adjective takes its sign from the nearest aspect noun before
 * it in the same clause: aspect orientation (+1 more is better, -1 more is worse) times the
 * adjective's direction (+1 more, -1 less).
 */
export const chineseRelativeAdjectives: Readonly<
  Record<string, { direction: 1 | -1 /** polarity when no aspect noun precedes it */; alone: number }>
> = {
  大: { direction: 1, alone: 0 },
  高: { direction: 1, alone: 0 },
  多: { direction: 1, alone: 0 },
  强: { direction: 1, alone: 0.3 },
  长: { direction: 1, alone: 0 },
  久: { direction: 1, alone: 0 },
  厚: { direction: 1, alone: 0 },
  重: { direction: 1, alone: 0 },
  深: { direction: 1, alone: 0 },
  小: { direction: -1, alone: 0 },
  低: { direction: -1, alone: 0 },
  少: { direction: -1, alone: -0.3 },
  弱: { direction: -1, alone: -0.3 },
  短: { direction: -1, alone: 0 },
  薄: { direction: -1, alone: -0.2 },
  浅: { direction: -1, alone: 0 },
  轻: { direction: -1, alone: 0 },
};

/** The weight of an aspect-resolved relative adjective, before degree words and negation. */
export const relativeAdjectiveWeight = 0.5;
/** A relative adjective after 太 with no aspect noun reads as "too much" (太长, 太少). */
export const excessWeight = -0.4;

/** Aspect nouns of reviews: +1 where more is better, -1 where more is worse. */
export const chineseAspectNouns: Readonly<Record<string, 1 | -1>> = {
  空间: 1,
  房间: 1,
  面积: 1,
  客厅: 1,
  床: 1,
  浴缸: 1,
  阳台: 1,
  窗户: 1,
  视野: 1,
  屏幕: 1,
  容量: 1,
  内存: 1,
  存储: 1,
  电量: 1,
  续航: 1,
  待机: 1,
  寿命: 1,
  吸力: 1,
  马力: 1,
  动力: 1,
  风力: 1,
  火力: 1,
  信号: 1,
  分量: 1,
  份量: 1,
  量: 1,
  菜量: 1,
  饭量: 1,
  料: 1,
  肉: 1,
  馅: 1,
  个头: 1,
  收获: 1,
  帮助: 1,
  作用: 1,
  性价比: 1,
  评分: 1,
  颜值: 1,
  效率: 1,
  品质: 1,
  质量: 1,
  清晰度: 1,
  分辨率: 1,
  亮度: 1,
  口碑: 1,
  档次: 1,
  折扣: 1,
  优惠: 1,
  力度: 1,
  精度: 1,
  准确率: 1,
  弹性: 1,
  韧性: 1,
  保暖性: 1,
  透气性: 1,
  含金量: 1,
  满意度: 1,
  回头率: 1,
  期待: 1,
  噪音: -1,
  噪声: -1,
  杂音: -1,
  异味: -1,
  气味: -1,
  味道: -1,
  色差: -1,
  误差: -1,
  差距: -1,
  延迟: -1,
  耗电: -1,
  功耗: -1,
  油: -1,
  油烟: -1,
  辐射: -1,
  价格: -1,
  价钱: -1,
  售价: -1,
  房价: -1,
  定价: -1,
  运费: -1,
  费用: -1,
  成本: -1,
  价位: -1,
  温度: -1,
  热量: -1,
  压力: -1,
  故障率: -1,
  返修率: -1,
  毛病: -1,
  问题: -1,
  缺点: -1,
  广告: -1,
  灰尘: -1,
  湿气: -1,
  甲醛: -1,
  风险: -1,
  难度: -1,
  门槛: -1,
};

/**
 * Single characters that carry sentiment inside almost any word, for jieba words the lexicon
 * does not list (破洞, 烂透, 赞爆). Characters that often sit in neutral words (好 in 好像, 美 in
 * 美团, 香 in 香港, 差 in 出差, 贵 in 宝贵, 假 in 放假) are left out.
 */
export const chineseSentimentCharacters: Readonly<Record<string, number>> = {
  坏: -0.6,
  烂: -0.7,
  脏: -0.6,
  臭: -0.6,
  霉: -0.6,
  糟: -0.6,
  破: -0.5,
  馊: -0.7,
  漏: -0.5,
  乱: -0.5,
  骗: -0.7,
  坑: -0.5,
  吓: -0.5,
  烦: -0.5,
  劣: -0.6,
  糙: -0.5,
  皱: -0.4,
  腥: -0.5,
  恶: -0.6,
  丑: -0.6,
  悔: -0.7,
  惨: -0.6,
  怒: -0.7,
  赞: 0.6,
  棒: 0.6,
  爽: 0.5,
  嫩: 0.4,
  酥: 0.4,
  脆: 0.4,
  喜: 0.5,
  优: 0.5,
  舒: 0.5,
};

/**
 * Words that contain sentiment or relative characters but carry none themselves, so they are
 * never split into them (好多 is "many", 大小 is "size", 美团 is a delivery app).
 */
export const chineseNeutralWords: ReadonlySet<string> = new Set(
  (
    '好多 好几 好久 好像 只好 好在 爱好 好奇 最好 美团 香港 香蕉 差不多 出差 差点 多少 大小 高低 长短 ' +
    '多大 多久 多长 大概 大约 大家 多数 大多 大多数 至少 多次 许多 不少 少量 大量 多半 长期 ' +
    '优先 优盘 乱码 破解 破费 吓一跳 对不起 说不定 怪不得 不得不 恨不得 巴不得 免不了 少不了 ' +
    '不断 舍不得 禁不住 了不得 大不了 要不然 不管 看不出 数不清 吃不完 用不完 ' +
    // brands and neutral words that hold a sentiment character
    '优衣库 优酷 喜茶 喜马拉雅 舒肤佳 喜剧 悲喜剧 突破 打破 漏斗 恶补 尿不湿 不倒翁 ' +
    // two-character words after 不 or 没 that are not a negated verb
    '不同 不仅 不但 不久 不然 不论 不管 不得 不如 不止 不只 不光 不时 没事 没关系 没想到'
  ).split(' '),
);
