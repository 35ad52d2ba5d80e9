'use client';
// redirect_uri: finish the sign-in, then go home. The session in the layout sees the new user.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { getUserManager } from '../../session';

let done: Promise<unknown> | undefined; // once, even if the effect runs twice (StrictMode)

export default function Callback() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  useEffect(() => {
    (done ??= getUserManager().signinCallback()).then(
      () => router.replace('/'),
      (err: unknown) => setError(String(err)),
    );
  }, [router]);
  return <p>{error ?? 'Signing in…'}</p>;
}
