import Link from 'next/link';
import styles from './admin.module.css';
import { type AdminTab, adminTabs } from './adminTabs';

/** Links rather than buttons: each tab has its own URL (?tab=), so it can be bookmarked and shared. */
export function AdminTabs({ current }: { current: AdminTab }) {
  return (
    <nav aria-label="Admin sections" className={styles.tabs}>
      <ul>
        {adminTabs.map((tab) => (
          <li key={tab.id}>
            <Link href={`/admin?tab=${tab.id}`} aria-current={tab.id === current ? 'page' : undefined} scroll={false}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
