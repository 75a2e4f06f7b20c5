import cliProgress from 'cli-progress';

/** A progress bar on a terminal; silent when output is piped, so scripts get clean output. */
export function createProgressBar(label: string) {
  if (!process.stderr.isTTY) {
    return { update(_value: number, _total?: number, _stage?: string) {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {stage}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total = 100, stage = '') {
      if (!started) {
        bar.start(total, 0, { stage });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { stage });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
