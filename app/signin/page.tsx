import { SignInPage } from './SignInPage';

export default function Page() {
  return <SignInPage />;
}
