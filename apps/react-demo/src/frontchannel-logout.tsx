// The OP calls /frontchannel-logout?iss=…&sid=… in a hidden iframe when the user logs out there.
// Placeholder until the app wires core's front-channel logout handler (another issue).
import { createRoot } from 'react-dom/client';
import './styles.css';

export function renderFrontchannelLogout(): void {
  createRoot(document.getElementById('root')!).render(
    <p className="frontchannel">front-channel logout: not handled yet</p>,
  );
}
