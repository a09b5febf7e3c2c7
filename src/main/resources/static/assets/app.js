// The web UI's shell: who is logged in, the navigation, and one screen at a time chosen by
// the URL fragment (#/chat, #/account, #/admin, #/login, #/register, #/setup, #/password,
// #/second-factor). A fresh
// install without an administrator lands on the setup screen instead of the login screen.
import { get, call, whenSessionExpires, whenSecondFactorRequired } from './api.js';
import { h } from './dom.js';
import * as login from './screens/login.js';
import * as register from './screens/register.js';
import * as chat from './screens/chat.js';
import * as ssoLink from './screens/sso-link.js';

// The first screen is nearly always the chat or the login: the others are fetched when
// first shown (by the module's own nonce), so the chat page loads about half the modules.
const later = {
	account: () => import('./screens/account.js'),
	admin: () => import('./screens/admin.js'),
	reset: () => import('./screens/reset.js'),
	setup: () => import('./screens/setup.js'),
	password: () => import('./screens/password.js'),
	'second-factor': () => import('./screens/second-factor.js'),
};
const screens = { login, register, chat, 'sso-link': ssoLink };

async function screen(name) {
	if (!Object.hasOwn(screens, name)) screens[name] = await later[name]();
	return screens[name];
}
const PUBLIC = new Set(['login', 'register', 'reset', 'setup', 'sso-link']);

const app = {
	user: null,
	main: document.getElementById('main'),
	nav: document.getElementById('nav'),
	/** Message for the login screen, e.g. why the person was sent there. */
	loginReason: null,
	/** The token of a password-reset link, kept out of the address bar. */
	resetToken: null,
	/** Whether the first administrator can still be made with a setup code. */
	setupOpen: false,
	/** Whether the server refuses everything until this account has a second factor. */
	secondFactorRequired: false,
	go(screen) {
		if (window.location.hash === `#/${screen}`) {
			render();
		} else {
			window.location.hash = `#/${screen}`;
		}
	},
	async signedIn(user) {
		app.user = user;
		app.loginReason = null;
		app.secondFactorRequired = false;
		app.endSession = null;
		app.go('chat');
	},
	/** After a single sign-on logout: the link that signs out of the provider too. */
	endSession: null,
	async logOut() {
		const answer = await call('DELETE', '/web/session');
		app.user = null;
		app.secondFactorRequired = false;
		app.endSession = ssoLink.endSessionOffer(answer);
		app.loginReason = 'You have logged out.';
		app.go('login');
	},
	expired() {
		if (!app.user) return;
		app.user = null;
		app.secondFactorRequired = false;
		app.loginReason = 'Your session has ended. Log in again; your unsent message is kept.';
		app.go('login');
	},
};

whenSessionExpires(() => app.expired());
whenSecondFactorRequired(() => {
	if (!app.user || app.secondFactorRequired) return;
	app.secondFactorRequired = true;
	app.go('second-factor');
});

let current = null;

function screenName() {
	if (app.resetToken) return 'reset';
	const name = window.location.hash.replace(/^#\/?/, '').split('?')[0];
	if (Object.hasOwn(screens, name) || Object.hasOwn(later, name)) return name;
	return app.user ? 'chat' : app.setupOpen ? 'setup' : 'login';
}

function renderNav() {
	app.nav.replaceChildren();
	if (!app.user) {
		return;
	}
	const active = screenName();
	const link = (screen, label) => h('a', { href: `#/${screen}`, 'aria-current': active === screen ? 'page' : null }, label);
	app.nav.append(...[
		link('chat', 'Chat'),
		link('account', 'Account'),
		app.user.role === 'ADMIN' ? link('admin', 'Admin') : null,
		h('span', { class: 'who' }, app.user.username),
		h('button', { type: 'button', class: 'secondary', onclick: () => app.logOut() }, 'Log out'),
	].filter(Boolean));
}

async function render() {
	let name = screenName();
	if (!app.user && !PUBLIC.has(name)) name = app.setupOpen ? 'setup' : 'login';
	if (name === 'setup' && !app.setupOpen) name = 'login';
	if (app.user && PUBLIC.has(name) && !app.resetToken) name = 'chat';
	// A one-time password from an administrator: nothing else until it is replaced.
	if (app.user?.temporary_credentials) name = 'password';
	else if (name === 'password') name = app.user ? 'chat' : 'login';
	// REQUIRE_2FA: the server refuses everything else until a second factor is set up.
	else if (app.user && app.secondFactorRequired) name = 'second-factor';
	else if (name === 'second-factor') name = app.user ? 'chat' : 'login';
	if (current?.leave) current.leave();
	current = await screen(name);
	renderNav();
	app.main.replaceChildren();
	document.title = `${current.title} · Bastion`;
	await current.show(app.main, app);
	const heading = app.main.querySelector('h1');
	if (heading && document.activeElement === document.body) {
		heading.setAttribute('tabindex', '-1');
	}
	document.body.dataset.screen = name;
}

function takeResetToken() {
	if (window.location.pathname !== '/reset-password') return;
	app.resetToken = new URLSearchParams(window.location.hash.slice(1)).get('token');
	window.history.replaceState(null, '', app.resetToken ? '/reset-password' : '/#/reset');
}

async function start() {
	takeResetToken();
	try {
		app.user = await get('/api/v1/users/me');
	} catch {
		app.user = null;
		// 404 once an administrator exists: the usual login screen.
		app.setupOpen = await get('/api/v1/setup').then((answer) => answer.open === true, () => false);
	}
	window.addEventListener('hashchange', render);
	await render();
	document.body.dataset.ready = 'true';
	// Time to interactive as bench/webui.sh reads it: the first screen is drawn and usable.
	performance.mark('bastion-ready');
}

start();
