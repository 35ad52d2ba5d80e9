// The event timeline under the status: every check, re-check, tab message and end, newest first.
// The timeline itself is created with the session (app.config.ts), before it starts.
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { injectOidcSession } from '@oidc-session/angular';
import { timelineOf, timeText } from '@oidc-session/demo-shared/timeline';

@Component({
  selector: 'app-session-timeline',
  template: `
    <section class="timeline">
      <h2>What happened (newest first)</h2>
      <ol data-testid="timeline">
        @for (e of entries(); track e.id) {
          <li [attr.data-kind]="e.kind">
            <time [attr.datetime]="iso(e.at)">{{ time(e.at) }}</time>
            <span class="text">{{ e.text }}</span>
            <span class="count">{{ e.count > 1 ? '×' + e.count : '' }}</span>
          </li>
        } @empty {
          <li class="empty">Nothing yet.</li>
        }
      </ol>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionTimeline {
  private readonly timeline = timelineOf(injectOidcSession().session);
  protected readonly entries = signal(this.timeline.getEntries());
  protected readonly time = timeText;
  protected readonly iso = (at: number) => new Date(at).toISOString();

  constructor() {
    const off = this.timeline.subscribe(() => this.entries.set(this.timeline.getEntries()));
    inject(DestroyRef).onDestroy(off);
  }
}
