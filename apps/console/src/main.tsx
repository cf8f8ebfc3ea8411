import { render } from 'preact';
import { App } from './app';
import { restoreSession } from './session';
import './main.css';

void restoreSession();
// A sign-in link opened in a tab already on the console changes only the hash.
addEventListener('hashchange', () => {
  if (location.hash.includes('token=')) void restoreSession();
});
const root = document.getElementById('app');
if (root) render(<App />, root);
