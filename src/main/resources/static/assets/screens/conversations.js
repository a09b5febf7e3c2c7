// The list of stored conversations beside the chat (history on): open, search, rename and
// delete. Hidden when the server keeps no history. Titles are text, never markup.
import { get, patch, del, ApiError } from '../api.js';
import { h, formatTime } from '../dom.js';

const SEARCH_DELAY_MS = 250;

/**
 * Fills `nav` with the caller's conversations. `current()` is the open conversation's id,
 * `open(id)` opens one, `deleted(id)` is told when one was deleted.
 */
export function conversationList(nav, { current, open, deleted }) {
	let historyKept = true;
	let query = '';
	let timer = null;
	const search = h('input', { type: 'search', id: 'conversation-search', maxlength: '200', autocomplete: 'off' });
	const items = h('ul', {});
	nav.replaceChildren(h('h2', {}, 'Conversations'),
		h('label', { for: 'conversation-search', class: 'visually-hidden' }, 'Search conversations'),
		h('div', { class: 'conversation-search' }, search), items);
	search.placeholder = 'Search';
	search.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			query = search.value.trim();
			load();
		}, SEARCH_DELAY_MS);
	});

	async function load() {
		if (!historyKept) return;
		let sessions;
		try {
			const path = query ? `/api/v1/sessions?query=${encodeURIComponent(query)}` : '/api/v1/sessions';
			sessions = (await get(path)).sessions;
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			if (!query) {
				nav.hidden = true;
				historyKept = ![404, 405].includes(error.status);
			}
			return;
		}
		nav.hidden = false;
		items.replaceChildren(...sessions.map(item));
		if (!sessions.length) {
			items.append(h('li', { class: 'empty' }, query ? 'No conversation matches.' : 'No saved conversations yet.'));
		}
		markCurrent();
	}

	function item(session) {
		const id = session.session_id;
		const title = session.title || 'Untitled';
		const openButton = h('button', { type: 'button', class: 'link', dataset: { id } },
			h('span', { class: 'title' }, title), h('span', { class: 'when' }, formatTime(session.updated_at)));
		openButton.addEventListener('click', () => open(id));
		const rename = h('button', { type: 'button', class: 'icon', 'aria-label': `Rename ${title}` }, '✎');
		const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `Delete ${title}` }, '×');
		const row = h('li', {}, openButton, rename, remove);
		rename.addEventListener('click', () => row.replaceChildren(renameForm(id, title)));
		remove.addEventListener('click', async () => {
			await del(`/api/v1/sessions/${encodeURIComponent(id)}`);
			deleted(id);
			load();
		});
		return row;
	}

	function renameForm(id, title) {
		const input = h('input', { type: 'text', maxlength: '100', required: true, 'aria-label': 'New title' });
		input.value = title;
		const error = h('p', { class: 'field-error', role: 'alert' });
		const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
		const renaming = h('form', { class: 'rename', novalidate: true }, input,
			h('button', { type: 'submit' }, 'Save'), cancel, error);
		cancel.addEventListener('click', load);
		renaming.addEventListener('submit', async (event) => {
			event.preventDefault();
			try {
				await patch(`/api/v1/sessions/${encodeURIComponent(id)}`, { title: input.value });
				load();
			} catch (failure) {
				if (!(failure instanceof ApiError)) throw failure;
				error.textContent = failure.fieldErrors.find((entry) => entry.field === 'title')?.message || failure.message;
			}
		});
		queueMicrotask(() => input.select());
		return renaming;
	}

	function markCurrent() {
		for (const button of items.querySelectorAll('button[data-id]')) {
			button.setAttribute('aria-current', String(button.dataset.id === current()));
		}
	}

	return { load, markCurrent };
}
