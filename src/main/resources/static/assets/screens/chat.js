// Chat: replies stream in as server-sent events and render as safe Markdown; Stop aborts
// the stream (the server then stops asking the provider). The draft survives a session
// that expires mid-typing. With history on, past conversations are listed; the microphone
// records a voice message for /api/v1/voice.
import { call, get, del, ApiError, readEvents } from '../api.js';
import { h, notice, formatTime } from '../dom.js';
import { renderMarkdown } from '../markdown.js';

export const title = 'Chat';

const DRAFT = 'bastion.draft';

let state = null;

export function leave() {
	state?.controller?.abort();
	state?.recorder?.stop();
	state = null;
}

export async function show(main) {
	state = { sessionId: null, controller: null, recorder: null };
	const log = h('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
	const empty = h('p', { class: 'empty' }, 'Ask anything. Replies appear here as they are written.');
	const message = h('textarea', { id: 'message', name: 'message', rows: 3, required: true, maxlength: '8000' });
	message.value = sessionStorage.getItem(DRAFT) || '';
	message.addEventListener('input', () => sessionStorage.setItem(DRAFT, message.value));
	const send = h('button', { type: 'submit' }, 'Send');
	const stop = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Stop');
	const mic = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Record voice');
	const status = h('p', { class: 'composer-status', role: 'status' });
	const composer = h('form', { class: 'composer', novalidate: true },
		h('label', { for: 'message' }, 'Message'), message,
		h('div', { class: 'composer-actions' }, status, mic, stop, send));
	const list = h('nav', { class: 'conversations', 'aria-label': 'Conversations', hidden: true });
	const newChat = h('button', { type: 'button', class: 'secondary' }, 'New conversation');
	main.append(h('div', { class: 'chat-page' },
		h('div', { class: 'chat-head' }, h('h1', {}, 'Chat'), newChat),
		h('div', { class: 'chat-body' }, list, h('div', { class: 'chat-main' }, log, composer))));
	log.append(empty);

	const ui = { log, empty, message, send, stop, mic, status, list };
	composer.addEventListener('submit', (event) => {
		event.preventDefault();
		sendMessage(ui);
	});
	message.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
			event.preventDefault();
			sendMessage(ui);
		}
	});
	stop.addEventListener('click', () => state?.controller?.abort());
	newChat.addEventListener('click', () => {
		state.controller?.abort();
		state.sessionId = null;
		log.replaceChildren(empty);
		markCurrent(ui);
		message.focus();
	});
	mic.addEventListener('click', () => toggleRecording(ui));
	message.focus();
	await loadConversations(ui);
}

async function sendMessage(ui) {
	const text = ui.message.value.trim();
	if (!text || state.controller) {
		if (!text) ui.status.textContent = 'Write a message first.';
		return;
	}
	ui.status.textContent = '';
	ui.empty.remove();
	ui.log.append(bubble('user', text));
	const reply = bubble('assistant', '');
	ui.log.append(reply);
	const controller = new AbortController();
	state.controller = controller;
	busy(ui, true);
	let received = '';
	let pending = false;
	const paint = () => {
		pending = false;
		renderMarkdown(reply.body, received);
		ui.log.scrollTop = ui.log.scrollHeight;
	};
	try {
		const response = await call('POST', '/api/v1/chat', {
			json: { message: text, ...(state.sessionId ? { session_id: state.sessionId } : {}) },
			accept: 'text/event-stream',
			signal: controller.signal,
			raw: true,
		});
		ui.message.value = '';
		sessionStorage.removeItem(DRAFT);
		await readEvents(response, (event, data) => {
			if (event === 'token') {
				received += data.text;
				if (!pending) {
					pending = true;
					requestAnimationFrame(paint);
				}
			} else if (event === 'done') {
				state.sessionId = data.session_id;
				labelProvider(reply, data);
			} else if (event === 'error') {
				reply.append(notice(data.detail || 'The reply failed.', 'error'));
			}
		});
		paint();
		loadConversations(ui);
	} catch (error) {
		if (received) paint();
		if (controller.signal.aborted) {
			reply.append(notice('Stopped.', 'info'));
		} else {
			reply.append(notice(error.message || 'The reply failed.', 'error'));
			if (!received) reply.body.remove();
		}
	} finally {
		if (state?.controller === controller) {
			state.controller = null;
			busy(ui, false);
		}
	}
}

function busy(ui, streaming) {
	ui.send.disabled = streaming;
	ui.stop.disabled = !streaming;
	ui.log.setAttribute('aria-busy', String(streaming));
	if (!streaming) ui.message.focus();
}

function bubble(role, text) {
	const body = h('div', { class: 'body' });
	const element = h('article', { class: `message ${role}` },
		h('h2', { class: 'visually-hidden' }, role === 'user' ? 'You wrote' : 'Assistant replied'), body);
	element.body = body;
	if (role === 'user') body.textContent = text;
	else if (text) renderMarkdown(body, text);
	return element;
}

function labelProvider(reply, done) {
	const offline = done.provider === 'offline';
	reply.append(h('p', { class: 'meta' },
		offline ? h('span', { class: 'badge' }, 'Offline provider: built-in replies, no language model') : null,
		h('span', {}, `${done.provider} · ${done.model}${done.cached ? ' · cached' : ''}`)));
}

/** False once the server said it keeps no history: no need to ask again on this page. */
let historyKept = true;

async function loadConversations(ui) {
	if (!historyKept) return;
	let sessions;
	try {
		sessions = (await get('/api/v1/sessions')).sessions;
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		ui.list.hidden = true;
		historyKept = ![404, 405].includes(error.status);
		return;
	}
	if (!state) return;
	ui.list.hidden = false;
	ui.list.replaceChildren(h('h2', {}, 'Conversations'));
	const items = h('ul', {});
	for (const session of sessions) {
		const open = h('button', { type: 'button', class: 'link', dataset: { id: session.session_id } },
			h('span', { class: 'title' }, session.title || 'Untitled'), h('span', { class: 'when' }, formatTime(session.updated_at)));
		open.addEventListener('click', () => openConversation(ui, session.session_id));
		const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `Delete ${session.title || 'conversation'}` }, '×');
		remove.addEventListener('click', async () => {
			await del(`/api/v1/sessions/${encodeURIComponent(session.session_id)}`);
			if (state.sessionId === session.session_id) {
				state.sessionId = null;
				ui.log.replaceChildren(ui.empty);
			}
			loadConversations(ui);
		});
		items.append(h('li', {}, open, remove));
	}
	if (!sessions.length) items.append(h('li', { class: 'empty' }, 'No saved conversations yet.'));
	ui.list.append(items);
	markCurrent(ui);
}

function markCurrent(ui) {
	for (const button of ui.list.querySelectorAll('button[data-id]')) {
		button.setAttribute('aria-current', String(button.dataset.id === state.sessionId));
	}
}

async function openConversation(ui, id) {
	const { messages, unreadable } = await get(`/api/v1/sessions/${encodeURIComponent(id)}/messages`);
	state.sessionId = id;
	ui.log.replaceChildren(...messages.map((entry) => bubble(entry.role === 'user' ? 'user' : 'assistant', entry.content)));
	if (unreadable) {
		ui.log.append(notice(`${unreadable} stored message(s) of this conversation could not be opened and are not shown: `
			+ 'they were changed in the database. The administrator has been alerted.', 'error'));
	}
	else if (!messages.length) ui.log.append(ui.empty);
	markCurrent(ui);
}

async function toggleRecording(ui) {
	if (state.recorder) {
		state.recorder.stop();
		return;
	}
	if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) {
		ui.status.textContent = 'This browser cannot record audio.';
		return;
	}
	let stream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({ audio: true });
	} catch {
		ui.status.textContent = 'Microphone permission was denied, so nothing was recorded.';
		return;
	}
	const recorder = new MediaRecorder(stream);
	const chunks = [];
	state.recorder = recorder;
	recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
	recorder.addEventListener('stop', () => {
		stream.getTracks().forEach((track) => track.stop());
		state.recorder = null;
		ui.mic.setAttribute('aria-pressed', 'false');
		ui.mic.textContent = 'Record voice';
		sendVoice(ui, new Blob(chunks, { type: recorder.mimeType || 'audio/webm' }));
	});
	recorder.start();
	ui.mic.setAttribute('aria-pressed', 'true');
	ui.mic.textContent = 'Stop recording';
	ui.status.textContent = 'Recording…';
}

async function sendVoice(ui, audio) {
	ui.status.textContent = 'Sending your voice message…';
	const body = new FormData();
	body.append('audio', audio, 'voice.webm');
	if (state.sessionId) body.append('session_id', state.sessionId);
	try {
		const result = await call('POST', '/api/v1/voice', { body });
		ui.status.textContent = '';
		ui.empty.remove();
		state.sessionId = result.session_id;
		ui.log.append(bubble('user', result.transcript), bubble('assistant', result.reply));
	} catch (error) {
		ui.status.textContent = error.status === 503 || error.status === 404
			? 'Voice is not available: this server has no speech provider.'
			: error.message;
	}
}
