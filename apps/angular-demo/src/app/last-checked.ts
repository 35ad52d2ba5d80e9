// "2 s ago": refreshes itself on each check and four times a second (a 1 s timer can lock in phase
// with a 2 s poll and never show "1 s ago"); nothing else does (the home page is OnPush and reads
// only the session's signals). Quiet `unchanged` polls do not change the snapshot, so the figure
// comes from getLastCheckedAt().
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { injectOidcSession } from '@oidc-session/angular';

@Component({
  selector: 'app-last-checked',
  template: '<span data-testid="last-checked">{{ ago() }}</span>',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LastChecked {
  private readonly session = injectOidcSession().session;
  private readonly now = signal(Date.now());
  protected readonly ago = computed(() => {
    const at = this.session.getLastCheckedAt();
    this.now();
    return at === null ? 'not yet' : `${Math.max(0, Math.floor((Date.now() - at) / 1000))} s ago`;
  });

  constructor() {
    const tick = () => this.now.set(Date.now());
    const timer = setInterval(tick, 250);
    const off = this.session.on('checked', tick);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      off();
    });
  }
}
