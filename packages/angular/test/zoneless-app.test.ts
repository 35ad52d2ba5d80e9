import { provideZonelessChangeDetection } from '@angular/core';
import { describeApp } from './app-suite';

describeApp('zoneless', provideZonelessChangeDetection());
