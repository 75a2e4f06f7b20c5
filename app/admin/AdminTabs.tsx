import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { withDataset } from '@/components/datasetHref';
import styles from './admin.module.css';
import { type AdminTab, adminTabs } from './adminTabs';

/** Links rather than buttons: each tab has its own URL (?tab=), so it can be bookmarked and shared. */
/** `datasetId`: the dataset the page was opened for, kept from tab to tab */
export function AdminTabs({ current, datasetId }: { current: AdminTab; datasetId?: number }) {
  const t = useTranslations('Admin');
  return (
    <nav aria-label={t('sections')} className={styles.tabs}>
      <ul>
        {adminTabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={withDataset(`/admin?tab=${tab.id}`, datasetId)}
              aria-current={tab.id === current ? 'page' : undefined}
              scroll={false}
            >
              {t(`tabs.${tab.id}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
