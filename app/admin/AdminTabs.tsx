import Link from 'next/link';
import { useTranslations } from 'next-intl';
import styles from './admin.module.css';
import { type AdminTab, adminTabs } from './adminTabs';

/** Links rather than buttons: each tab has its own URL (?tab=), so it can be bookmarked and shared. */
export function AdminTabs({ current }: { current: AdminTab }) {
  const t = useTranslations('Admin');
  return (
    <nav aria-label={t('sections')} className={styles.tabs}>
      <ul>
        {adminTabs.map((tab) => (
          <li key={tab.id}>
            <Link href={`/admin?tab=${tab.id}`} aria-current={tab.id === current ? 'page' : undefined} scroll={false}>
              {t(`tabs.${tab.id}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
