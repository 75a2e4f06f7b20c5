export { displayName } from '@/lib/datasets/displayText';
