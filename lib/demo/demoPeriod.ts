const day = 86_400_000;

/** The twelve months the demo shop covers: events fall in [start, end). Fixed, so a seed alone decides the files. */
export const demoPeriod = {
  start: Date.UTC(2025, 0, 1),
  end: Date.UTC(2026, 0, 1),
  day,
} as const;
