import type { CSSProperties, ReactNode } from 'react';

/** A grey placeholder of a fixed size, so content replaces it without moving the page. */
export function Skeleton({
  height,
  width = '100%',
  style,
}: {
  height: number;
  width?: number | string;
  style?: CSSProperties;
}) {
  return <div className="skeleton" aria-hidden="true" style={{ height, width, ...style }} />;
}

/** Announces loading once to screen readers while skeletons show. */
export function LoadingRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        {label}
      </span>
      {children}
    </div>
  );
}
