// The person's own account: password, second factor with a QR code drawn by the server,
// passkeys, single sign-on identities, live sessions, API keys, presets, usage (today and the
// last 30 days), export and deletion.
import { get, post, del, call } from '../api.js';
import { h, field, checkbox, form, notice, formatTime, copy } from '../dom.js';
import { passkeysSection } from './account-passkeys.js';
import { ssoSection } from './account-sso.js';
import { totpSection } from './account-totp.js';
import { presetsSection } from './account-presets.js';
import { usageChart } from './usage-chart.js';

export const title = 'Account';

export async function show(main, app) {
	const sections = h('div', { class: 'sections' });
	main.append(h('h1', {}, 'Account'), h('p', { class: 'tagline' }, `Signed in as ${app.user.username} (${app.user.email}).`), sections);
	const keys = apiKeys(app);
	const passkeys = passkeysSection(app, () => totpOn(app));
	sections.append(
		section('Usage', usage()),
		section('Password', passwordForm((keysRevoked) => keysRevoked && keys.reload())),
		section('Two-factor authentication', totpSection(app, () => { keys.renderForm(); passkeys.renderForm(); })),
		section('Passkeys', passkeys.element),
		ssoSection(app, () => totpOn(app), section),
		section('Sessions', sessions(app)),
		section('API keys', keys.element),
		section('Presets', presetsSection()),
		section('Your data', exportData(), deleteAccount(app)),
	);
}

let sectionCount = 0;

function section(heading, ...content) {
	const id = `section-${++sectionCount}`;
	return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, heading), ...content);
}

function usage() {
	const holder = h('div', {}, h('p', {}, 'Loading…'));
	get('/api/v1/users/me/usage?days=30').then((today) => {
		const meter = h('meter', { id: 'usage-meter', min: '0', max: String(today.daily_budget), value: String(today.tokens_today) });
		holder.replaceChildren(
			h('label', { for: 'usage-meter' }, `${today.tokens_today.toLocaleString()} of ${today.daily_budget.toLocaleString()} tokens`),
			meter, h('p', { class: 'hint' }, `${today.requests_today} request${today.requests_today === 1 ? '' : 's'} today. The budget resets at midnight UTC.`),
			usageChart(today.series, 'usage-chart-caption'));
	}).catch((error) => holder.replaceChildren(notice(error.message, 'error')));
	return holder;
}

const totpOn = (app) => Boolean(app.user.totp_enabled);

function passwordForm(changed) {
	const done = h('div', {});
	const change = form({}, [
		field('Current password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
		field('New password', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true }),
		checkbox('Also revoke my API keys', { name: 'revoke_api_keys', checked: true }),
		h('button', { type: 'submit' }, 'Change password'),
	], async (values, element) => {
		const revoke = values.revoke_api_keys === 'on';
		await post('/api/v1/auth/password/change', {
			current_password: values.current_password, new_password: values.new_password, revoke_api_keys: revoke,
		});
		element.reset();
		done.replaceChildren(notice(revoke
			? 'Password changed. Your other sessions have been logged out and your API keys revoked.'
			: 'Password changed. Your other sessions have been logged out; your API keys still work.'));
		changed(revoke);
	});
	return h('div', {}, change, done);
}

function table(headings, rows) {
	return h('div', { class: 'table-wrap' }, h('table', {},
		h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
		h('tbody', {}, rows)));
}

function sessions(app) {
	const holder = h('div', {});
	const load = async () => {
		try {
			const { sessions: list } = await get('/api/v1/users/me/sessions');
			holder.replaceChildren(table(['Started', 'Last used', 'From', 'Browser', ''], list.map((session) => h('tr', {},
				h('td', {}, formatTime(session.created_at)), h('td', {}, formatTime(session.last_used_at)),
				h('td', {}, session.ip || '—'), h('td', { class: 'agent' }, session.user_agent || '—'),
				h('td', {}, session.current ? h('span', { class: 'badge' }, 'This browser')
					: h('button', { type: 'button', class: 'secondary', 'aria-label': `Revoke session from ${formatTime(session.created_at)}`,
						onclick: async () => { await del(`/api/v1/users/me/sessions/${session.id}`); load(); } }, 'Revoke'))))));
		} catch (error) {
			holder.replaceChildren(notice(error.message, 'error'));
		}
	};
	load();
	return holder;
}

// Making a key needs the password (and the code when two-factor authentication is on): a
// key lasts, a session does not. Keys can only chat.
function apiKeys(app) {
	const list = h('div', {});
	const shown = h('div', {});
	const creating = h('div', {});
	const load = async () => {
		const { api_keys: keys } = await get('/api/v1/users/me/api-keys');
		list.replaceChildren(keys.length ? table(['Name', 'Prefix', 'Created', 'Expires', 'Last used', ''], keys.map((key) => h('tr', {},
			h('td', {}, key.name), h('td', {}, h('code', {}, key.prefix)), h('td', {}, formatTime(key.created_at)),
			h('td', {}, key.expires_at ? formatTime(key.expires_at) : 'never'), h('td', {}, formatTime(key.last_used_at)),
			h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Revoke ${key.name}`,
				onclick: async () => { await del(`/api/v1/users/me/api-keys/${key.id}`); shown.replaceChildren(); load(); } }, 'Revoke')))))
			: h('p', { class: 'hint' }, 'No API keys yet.'));
	};
	const create = () => form({ class: 'inline' }, [
		field('Key name', { name: 'name', required: true, maxlength: '100' }),
		field('Current password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
		totpOn(app) ? field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true }) : null,
		h('button', { type: 'submit' }, 'Create key'),
	], async (values, element) => {
		const key = await post('/api/v1/users/me/api-keys', values);
		element.reset();
		const copyButton = h('button', { type: 'button', class: 'secondary' }, 'Copy key');
		copyButton.addEventListener('click', () => copy(key.key, copyButton));
		shown.replaceChildren(h('div', { class: 'once' }, h('p', {}, `Your new key “${key.name}”. Copy it now: it is shown only once.`),
			h('code', { class: 'secret', id: 'new-api-key' }, key.key), copyButton));
		load();
	});
	const reload = () => load().catch((error) => list.replaceChildren(notice(error.message, 'error')));
	const renderForm = () => creating.replaceChildren(create());
	renderForm();
	reload();
	return {
		element: h('div', {}, h('p', { class: 'hint' }, 'Programs use API keys as Bearer tokens, also with OpenAI-compatible clients. '
			+ 'A key can chat and nothing else; making one asks for your password.'), creating, shown, list),
		reload: () => { shown.replaceChildren(); reload(); },
		renderForm,
	};
}

function exportData() {
	const status = h('p', { role: 'status' });
	const button = h('button', { type: 'button', class: 'secondary' }, 'Export my data');
	button.addEventListener('click', async () => {
		let response;
		try {
			response = await call('GET', '/api/v1/users/me/export', { raw: true });
		} catch (error) {
			status.textContent = error.message;
			return;
		}
		const blob = await response.blob();
		const link = h('a', { href: URL.createObjectURL(blob), download: 'bastion-export.json' });
		document.body.append(link);
		link.click();
		link.remove();
		setTimeout(() => URL.revokeObjectURL(link.href), 1000);
		status.textContent = 'Your data was downloaded as bastion-export.json.';
	});
	return h('div', {}, h('p', {}, 'Download everything Bastion keeps about you, as JSON.'), button, status);
}

function deleteAccount(app) {
	return form({ class: 'danger-zone' }, [
		h('h3', {}, 'Delete account'),
		h('p', {}, 'This erases your account and its data for good. Enter your password to confirm.'),
		field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		h('button', { type: 'submit', class: 'danger' }, 'Delete my account'),
	], async (values) => {
		await call('DELETE', '/api/v1/users/me', { json: values });
		await call('DELETE', '/web/session');
		app.user = null;
		app.loginReason = 'Your account has been deleted.';
		app.go('login');
	});
}
