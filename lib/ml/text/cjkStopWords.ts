/**
 * Chinese function words and fillers, and the commonest Japanese particles and copulas: words
 * that carry no topic. Shipped so keywords work offline.
 */
export const cjkStopWords: ReadonlySet<string> = new Set(
  (
    '的 了 是 我 你 他 她 它 们 我们 你们 他们 她们 这 那 这个 那个 这些 那些 在 有 和 与 及 或 也 都 就 ' +
    '还 又 而 但 但是 可是 不过 因为 所以 如果 虽然 然后 并 并且 被 把 给 对 从 向 往 于 以 为 为了 ' +
    '之 其 所 者 着 过 吗 呢 吧 啊 呀 哦 嗯 哈 啦 嘛 么 得 地 个 些 一 一个 一些 一下 什么 怎么 ' +
    '怎样 哪 哪里 谁 自己 大家 这样 那样 这里 那里 已经 曾经 会 能 可以 要 想 让 到 去 来 上 下 ' +
    '中 里 说 做 等 等等 啥 咱 咱们 您 本 该 每 各 另 其他 其它 它们 而且 或者 只是 还是 就是 ' +
    '比 比较 跟 同 与其 以及 之后 之前 时候 时 后 前 年 月 日 次 ' +
    // degree and negation words: they shape sentiment, not topic
    '很 非常 太 挺 真 真的 特别 十分 超 更 最 有点 有些 不 没 没有 别 还是 也好 感觉 觉得 东西 ' +
    'は が を に で と も の へ や から まで より です ます でした ました だ これ それ あれ この その あの ' +
    'こと もの よう ない いる ある する した して なる'
  ).split(' '),
);
