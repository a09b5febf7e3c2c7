// The account page's passkeys: the list (name, when made, when last used, remove) and a
// form to add one, which asks for the current password (and the code when two-factor
// authentication is on) before the browser makes the passkey; removing one asks for them too.
import * as passkeys from '../passkeys.js';
import { h, field, form, notice, formatTime } from '../dom.js';
import { removalForm } from './account-removal.js';

export function passkeysSection(app, totpOn, onAdded = () => {}) {
	const creating = h('div', {});
	const list = h('div', {});
	const added = h('div', {});
	const confirming = h('div', {});
	const load = async () => {
		try {
			const keys = await passkeys.list();
			list.replaceChildren(keys.length ? h('div', { class: 'table-wrap' }, h('table', {},
				h('thead', {}, h('tr', {}, ['Name', 'Added', 'Last used', ''].map((heading) => h('th', { scope: 'col' }, heading)))),
				h('tbody', {}, keys.map((key) => h('tr', {},
					h('td', {}, key.name), h('td', {}, formatTime(key.created_at)), h('td', {}, formatTime(key.last_used_at)),
					h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove passkey ${key.name}`,
						onclick: () => { added.replaceChildren(); confirmRemoval(key); } }, 'Remove')))))))
				: h('p', { class: 'hint' }, 'No passkeys yet.'));
		} catch (error) {
			list.replaceChildren(notice(error.message, 'error'));
		}
	};
	const confirmRemoval = (key) => confirming.replaceChildren(removalForm({
		question: `Remove the passkey “${key.name}”? It will no longer sign you in.`,
		label: 'Remove passkey',
		totpOn,
		cancel: () => confirming.replaceChildren(),
		remove: async (values) => {
			await passkeys.remove(key.id, values);
			confirming.replaceChildren();
			added.replaceChildren(notice(`Passkey “${key.name}” removed.`));
			load();
		},
	}));
	const add = () => form({ class: 'inline' }, [
		field('Name for the passkey', { name: 'name', required: true, maxlength: '64', placeholder: 'e.g. Laptop' }),
		field('Current password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
		totpOn() ? field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true }) : null,
		h('button', { type: 'submit' }, 'Add a passkey'),
	], async (values, element) => {
		const { name, ...proof } = values;
		const key = await passkeys.register(name, proof);
		element.reset();
		added.replaceChildren(notice(`Passkey “${key.name}” added. You can now sign in with it, without a password.`));
		load();
		onAdded();
	});
	// Drawn again when two-factor authentication is switched, for its code field.
	const renderForm = () => creating.replaceChildren(passkeys.supported() ? add() : notice('This browser cannot make passkeys.'));
	renderForm();
	load();
	return {
		element: h('div', {},
			h('p', { class: 'hint' }, 'A passkey signs you in with your device’s screen lock or security key instead of a password and code.'),
			creating, added, confirming, list),
		renderForm,
	};
}
