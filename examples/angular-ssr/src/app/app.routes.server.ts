import { RenderMode, type ServerRoute } from '@angular/ssr';

// Rendered per request: the home page is server rendered (session `idle`), then hydrated.
export const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Server }];
