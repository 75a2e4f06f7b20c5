import type { ReactNode } from 'react';

/** The title row of a screen: heading and subtitle on the left, controls (dataset picker) on the right. */
export function PageHeader({
  title,
  subtitle,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-title">
        <h1>{title}</h1>
        {subtitle ? <p className="muted subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-controls">{children}</div> : null}
    </div>
  );
}
