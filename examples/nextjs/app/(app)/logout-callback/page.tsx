'use client';
// post_logout_redirect_uri: check the returned `state`, then go home.
import { handleSignOutCallback } from '@oidc-session/core';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

let done: Promise<unknown> | undefined;

export default function LogoutCallback() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  useEffect(() => {
    (done ??= handleSignOutCallback()).then(
      () => router.replace('/'),
      (err: unknown) => setError(String(err)),
    );
  }, [router]);
  return <p>{error ?? 'Signing out…'}</p>;
}
