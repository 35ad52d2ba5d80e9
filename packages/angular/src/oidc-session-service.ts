import {
  computed,
  DestroyRef,
  inject,
  NgZone,
  PLATFORM_ID,
  signal,
  type Signal,
  type WritableSignal,
} from '@angular/core';
import type {
  IdleCountdown,
  SessionExpiry,
  OidcSession,
  SessionEventMap,
  SessionEventName,
  SessionReason,
  SessionSnapshot,
  SessionStatus,
  SessionUser,
  SignOutOptions,
} from '@oidc-session/core';
import { BehaviorSubject, type Observable } from 'rxjs';
import { OIDC_SESSION } from './oidc-session-token';

/**
 * The session as signals and an Observable, plus its actions. One per application, created by
 * `provideOidcSession()`; get it with `inject(OidcSessionService)` or `injectOidcSession()`.
 *
 * No decorator on purpose: it is built with a factory, so plain tsup can compile this package and
 * both AOT and JIT apps consume it.
 */
export class OidcSessionService {
  /** The core session, for its events (`on`), `getStats()` and `getLastCheckedAt()`. */
  readonly session: OidcSession = inject(OIDC_SESSION);
  private readonly zone = inject(NgZone, { optional: true });
  private readonly state: WritableSignal<SessionSnapshot>;
  private readonly subject: BehaviorSubject<SessionSnapshot>;

  /** The whole snapshot; a new value only when something changed. */
  readonly snapshot: Signal<SessionSnapshot>;
  readonly status: Signal<SessionStatus>;
  readonly user: Signal<SessionUser | null>;
  readonly reason: Signal<SessionReason | null>;
  /** Option `idle`: the idle countdown (deadline, seconds left) while it shows, else `null`. */
  readonly idle: Signal<IdleCountdown | null>;
  /** Option `expiry`: the user's known deadlines (ID Token, access token, OP session), else `null`. */
  readonly expiry: Signal<SessionExpiry | null>;
  /** The last check said the OP session is unchanged. */
  readonly isActive: Signal<boolean>;
  /** This app holds a user (also while `starting`, `reauthenticating`, `unsupported`, `error`). */
  readonly isSignedIn: Signal<boolean>;
  /** The snapshot for RxJS users: the current one at once, then each change. */
  readonly snapshot$: Observable<SessionSnapshot>;

  constructor() {
    const session = this.session;
    // PLATFORM_ID is 'browser' in browsers (what isPlatformBrowser checks), without needing @angular/common.
    const browser = inject(PLATFORM_ID) === 'browser';
    const initial = browser ? session.getSnapshot() : session.getServerSnapshot();
    this.state = signal(initial);
    this.subject = new BehaviorSubject(initial);
    this.snapshot = this.state.asReadonly();
    this.status = computed(() => this.state().status);
    this.user = computed(() => this.state().user);
    this.reason = computed(() => this.state().reason);
    this.idle = computed(() => this.state().idle);
    this.expiry = computed(() => this.state().expiry);
    this.isActive = computed(() => this.status() === 'active');
    this.isSignedIn = computed(() => this.user() !== null);
    this.snapshot$ = this.subject.asObservable();

    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => this.subject.complete());
    if (!browser) return;

    // The poller's timers and message listeners must live outside the Angular zone: inside it,
    // every quiet poll would run change detection and the app would never be stable.
    const unsubscribe = this.outside(() => {
      const off = session.subscribe(() => this.receive(session.getSnapshot()));
      session.start();
      return off;
    });
    this.receive(session.getSnapshot());
    destroyRef.onDestroy(() => {
      unsubscribe();
      session.stop();
    });
  }

  /** Send the browser to the OP to sign in (`userManager.signinRedirect`). */
  signIn(args?: Record<string, unknown>): Promise<void> {
    return this.outside(() => this.session.signIn(args));
  }

  /** Sign out: stop monitoring, remove the local user, then (by default) redirect to the OP. */
  signOut(options?: SignOutOptions): Promise<void> {
    return this.outside(() => this.session.signOut(options));
  }

  /** Restart the idle countdown in every tab (option `idle`), e.g. from a "Stay signed in" button. */
  stayActive(): void {
    this.outside(() => this.session.stayActive());
  }

  /** Check at once; resolves with the snapshot once the check has settled. */
  checkNow(): Promise<SessionSnapshot> {
    return this.outside(() => this.session.checkNow());
  }

  /**
   * Listen to a one-off event (`ended`, `changed`, `error`, `unsupported`, `checked`); the handler
   * runs in the Angular zone when there is one. Returns the unsubscribe function, which fits
   * `inject(DestroyRef).onDestroy(...)`.
   */
  on<K extends SessionEventName>(
    name: K,
    handler: (payload: SessionEventMap[K]) => void,
  ): () => void {
    return this.session.on(name, (payload) => this.inside(() => handler(payload)));
  }

  private receive(next: SessionSnapshot): void {
    // Core notifies only on change; this guard keeps a stray notification from entering the zone
    // (a change detection pass) or re-emitting on snapshot$.
    if (next === this.state()) return;
    this.inside(() => {
      this.state.set(next);
      this.subject.next(next);
    });
  }

  private outside<T>(fn: () => T): T {
    return this.zone ? this.zone.runOutsideAngular(fn) : fn();
  }

  private inside<T>(fn: () => T): T {
    return this.zone ? this.zone.run(fn) : fn();
  }
}
