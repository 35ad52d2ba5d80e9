'use client';
// silent_redirect_uri: loaded in a hidden iframe by the silent re-check. It hands the answer to
// the parent window and nothing else (outside the (app) group: no provider, no second session).
import { useEffect } from 'react';
import { getUserManager } from '../session';

export default function SilentCallback() {
  useEffect(() => {
    void getUserManager().signinCallback();
  }, []);
  return null;
}
