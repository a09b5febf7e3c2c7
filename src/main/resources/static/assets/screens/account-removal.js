// The confirmation before a sign-in method is taken away from the account (a passkey, a
// single sign-on identity): the current password, and the code while two-factor
// authentication is on, as adding one asks.
import { h, field, form } from '../dom.js';

export function removalForm({ question, label, totpOn, remove, cancel }) {
	return form({ class: 'inline' }, [
		h('p', {}, question),
		field('Current password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
		totpOn() ? field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true }) : null,
		h('button', { type: 'submit', class: 'danger' }, label),
		h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Cancel'),
	], remove);
}
