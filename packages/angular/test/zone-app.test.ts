// zone.js first, before anything Angular, as an app's polyfills would load it.
import 'zone.js';
import { provideZoneChangeDetection } from '@angular/core';
import { describeApp } from './app-suite';

describeApp('zone.js', provideZoneChangeDetection());
