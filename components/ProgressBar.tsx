import styles from './ProgressBar.module.css';

/** A labelled progress bar that screen readers announce with its value and what is happening. */
export function ProgressBar({ label, percent, detail }: { label: string; percent: number; detail?: string | null }) {
  const value = Math.round(Math.max(0, Math.min(100, percent)));
  return (
    <div className={styles.row}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}%${detail ? `, ${detail}` : ''}`}
      >
        <div className={styles.fill} style={{ width: `${value}%` }} />
      </div>
      <span className={styles.value} aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}
