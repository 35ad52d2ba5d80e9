import { Account } from './account';

export default function Home() {
  return (
    <>
      <h1>oidc-session + Next.js</h1>
      <Account />
    </>
  );
}
