// The account page's single sign-on identities: which provider identities sign in as this
// account (an intruder who knew the password could have linked one), and removing one,
// which asks for the current password (and the code when two-factor authentication is on).
import { get, del } from '../api.js';
import { h, notice, formatTime } from '../dom.js';
import { removalForm } from './account-removal.js';

export function ssoSection(app, totpOn, section) {
	const list = h('div', {});
	const confirming = h('div', {});
	const done = h('div', {});
	const element = section('Single sign-on', h('p', { class: 'hint' },
		'Identities at a single sign-on provider that sign in as this account. Remove any you do not recognise.'),
	done, confirming, list);
	// Shown once it is known that there is something to show.
	element.hidden = true;
	const name = (link) => link.provider || link.issuer;
	const confirmRemoval = (link) => confirming.replaceChildren(removalForm({
		question: `Remove the identity at ${name(link)}? It will no longer sign you in.`,
		label: 'Remove identity',
		totpOn,
		cancel: () => confirming.replaceChildren(),
		remove: async (values) => {
			await del(`/api/v1/users/me/sso-links/${link.id}`, values);
			confirming.replaceChildren();
			done.replaceChildren(notice(`The identity at ${name(link)} no longer signs in as this account.`));
			load();
		},
	}));
	const load = async () => {
		try {
			const [{ sso_links: links }, provider] = await Promise.all([get('/api/v1/users/me/sso-links'), get('/web/sso')]);
			element.hidden = links.length === 0 && !provider.enabled;
			list.replaceChildren(links.length ? h('div', { class: 'table-wrap' }, h('table', {},
				h('thead', {}, h('tr', {}, ['Provider', 'Linked', 'Last sign-in', 'How', ''].map((heading) => h('th', { scope: 'col' }, heading)))),
				h('tbody', {}, links.map((link) => h('tr', {},
					h('td', {}, name(link)), h('td', {}, formatTime(link.linked_at)), h('td', {}, formatTime(link.last_sign_in_at)),
					h('td', {}, link.made_the_account ? 'Made this account' : 'Linked with your password'),
					h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove identity at ${name(link)}`,
						onclick: () => { done.replaceChildren(); confirmRemoval(link); } }, 'Remove')))))))
				: h('p', { class: 'hint' }, 'No identities linked.'));
		} catch (error) {
			list.replaceChildren(notice(error.message, 'error'));
		}
	};
	load();
	return element;
}
