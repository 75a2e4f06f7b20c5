import type { Locale } from './lib/i18n/locales';
import type messages from './messages/en.json';

// next-intl checks every t('key') against the English messages at type-check time.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
