// Persona text in other languages is domain code (exports use it too): it lives in lib/i18n.
export * from '@/lib/i18n/personaText';
