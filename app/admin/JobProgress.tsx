import styles from './admin.module.css';

/** A labelled progress bar that screen readers announce with its value and stage. */
export function JobProgress({ label, percent, stage }: { label: string; percent: number; stage: string | null }) {
  const value = Math.round(Math.max(0, Math.min(100, percent)));
  return (
    <div className={styles.progressRow}>
      <div
        className={styles.progress}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}%${stage ? `, ${stage}` : ''}`}
      >
        <div className={styles.progressFill} style={{ width: `${value}%` }} />
      </div>
      <span className={styles.progressValue} aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}
