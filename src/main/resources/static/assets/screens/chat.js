// Chat: replies stream in as server-sent events and render as safe Markdown; Stop aborts
// the stream (the server then stops asking the provider). Enter sends, Shift+Enter makes a
// new line; "Thinking…" shows until the first token; a reply can be copied, and the last
// one regenerated. The draft survives a session that expires mid-typing. With history on,
// past conversations are listed, searched and renamed (conversations.js); the microphone
// records a voice message for /api/v1/voice. A preset (account-presets.js) chosen beside the
// model is sent with each message; the conversation remembers it.
import { call, get, readEvents } from '../api.js';
import { h, notice, copy } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { conversationList } from './conversations.js';

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
	const model = h('select', { id: 'model', name: 'model' });
	const picker = h('div', { class: 'model-picker', hidden: true }, h('label', { for: 'model' }, 'Model'), model);
	const preset = h('select', { id: 'preset', name: 'preset' });
	const presetPicker = h('div', { class: 'model-picker', hidden: true }, h('label', { for: 'preset' }, 'Preset'), preset);
	const composer = h('form', { class: 'composer', novalidate: true },
		h('label', { for: 'message' }, 'Message'), message,
		h('p', { class: 'hint', id: 'message-hint' }, 'Enter sends; Shift+Enter starts a new line.'),
		h('div', { class: 'composer-actions' }, status, presetPicker, picker, mic, stop, send));
	message.setAttribute('aria-describedby', 'message-hint');
	const list = h('nav', { class: 'conversations', 'aria-label': 'Conversations', hidden: true });
	const newChat = h('button', { type: 'button', class: 'secondary' }, 'New conversation');
	main.append(h('div', { class: 'chat-page' },
		h('div', { class: 'chat-head' }, h('h1', {}, 'Chat'), newChat),
		h('div', { class: 'chat-body' }, list, h('div', { class: 'chat-main' }, log, composer))));
	log.append(empty);

	const ui = { log, empty, message, send, stop, mic, status, list, model, preset };
	ui.conversations = conversationList(list, {
		current: () => state?.sessionId,
		open: (id) => openConversation(ui, id),
		deleted: (id) => {
			if (state.sessionId === id) {
				state.sessionId = null;
				ui.log.replaceChildren(ui.empty);
			}
		},
	});
	composer.addEventListener('submit', (event) => {
		event.preventDefault();
		sendMessage(ui);
	});
	message.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
			event.preventDefault();
			sendMessage(ui);
		}
	});
	stop.addEventListener('click', () => state?.controller?.abort());
	newChat.addEventListener('click', () => {
		state.controller?.abort();
		state.sessionId = null;
		log.replaceChildren(empty);
		ui.conversations.markCurrent();
		message.focus();
	});
	mic.addEventListener('click', () => toggleRecording(ui));
	message.focus();
	await Promise.all([ui.conversations.load(), loadModels(model, picker), loadPresets(ui, presetPicker)]);
}

/** The models the server lets this user choose; the picker shows only when there is a choice. */
async function loadModels(select, picker) {
	let offered;
	try {
		offered = await get('/api/v1/models');
	} catch {
		return;
	}
	select.replaceChildren(...offered.models.map((name) => h('option', { value: name, selected: name === offered.default }, name)));
	picker.hidden = offered.models.length < 2;
}

/**
 * The user's presets, if any; choosing one with a model moves the model picker to it, so
 * that the model sent is the preset's unless changed afterwards.
 */
async function loadPresets(ui, picker) {
	let presets;
	try {
		({ presets } = await get('/api/v1/users/me/presets'));
	} catch {
		return;
	}
	ui.preset.replaceChildren(h('option', { value: '' }, 'None'),
		...presets.map((entry) => h('option', { value: entry.id }, entry.name)));
	ui.preset.addEventListener('change', () => {
		const model = presets.find((entry) => entry.id === ui.preset.value)?.model;
		if (model && [...ui.model.options].some((option) => option.value === model)) ui.model.value = model;
	});
	picker.hidden = presets.length === 0;
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
	await ask(ui, { message: text, ...chosen(ui), ...(state.sessionId ? { session_id: state.sessionId } : {}) }, () => {
		ui.message.value = '';
		sessionStorage.removeItem(DRAFT);
	});
}

/** Another answer to the conversation's last message, in place of the reply given. */
async function regenerate(ui, reply) {
	if (state.controller || !state.sessionId) return;
	reply.remove();
	await ask(ui, { session_id: state.sessionId, regenerate: true, ...chosen(ui) });
}

function chosen(ui) {
	return { ...(ui.model.value ? { model: ui.model.value } : {}), ...(ui.preset.value ? { preset_id: ui.preset.value } : {}) };
}

/** Streams a reply into a new bubble; `accepted` runs once the server took the request. */
async function ask(ui, json, accepted = () => {}) {
	const reply = bubble('assistant', '');
	const thinking = h('p', { class: 'thinking', role: 'status' }, 'Thinking…');
	reply.append(thinking);
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
		const response = await call('POST', '/api/v1/chat', { json, accept: 'text/event-stream', signal: controller.signal, raw: true });
		accepted();
		await readEvents(response, (event, data) => {
			if (event === 'token') {
				thinking.remove();
				received += data.text;
				if (!pending) {
					pending = true;
					requestAnimationFrame(paint);
				}
			} else if (event === 'done') {
				state.sessionId = data.session_id;
				replyTools(ui, reply, () => received, data);
			} else if (event === 'error') {
				reply.append(notice(data.detail || 'The reply failed.', 'error'));
			}
		});
		paint();
		ui.conversations.load();
	} catch (error) {
		if (received) paint();
		if (controller.signal.aborted) {
			reply.append(notice('Stopped.', 'info'));
		} else {
			reply.append(notice(error.message || 'The reply failed.', 'error'));
			if (!received) reply.body.remove();
		}
	} finally {
		thinking.remove();
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

/**
 * Under a reply: who answered, Copy, and Regenerate on the last reply of a stored or
 * remembered conversation (only the newest reply offers it).
 */
function replyTools(ui, reply, text, done) {
	const offline = done?.provider === 'offline';
	const copyButton = h('button', { type: 'button' }, 'Copy reply');
	copyButton.addEventListener('click', () => copy(text(), copyButton));
	const again = h('button', { type: 'button', class: 'regenerate' }, 'Regenerate');
	again.addEventListener('click', () => regenerate(ui, reply));
	for (const old of ui.log.querySelectorAll('.regenerate')) old.remove();
	reply.append(h('p', { class: 'meta' },
		offline ? h('span', { class: 'badge' }, 'Offline provider: built-in replies, no language model') : null,
		done ? h('span', {}, `${done.provider} · ${done.model}${done.cached ? ' · cached' : ''}`) : null,
		copyButton, again));
}

async function openConversation(ui, id) {
	const { messages, unreadable } = await get(`/api/v1/sessions/${encodeURIComponent(id)}/messages`);
	state.sessionId = id;
	const bubbles = messages.map((entry) => bubble(entry.role === 'user' ? 'user' : 'assistant', entry.content));
	ui.log.replaceChildren(...bubbles);
	const last = messages.at(-1);
	if (last && last.role !== 'user') replyTools(ui, bubbles.at(-1), () => last.content, null);
	if (unreadable) {
		ui.log.append(notice(`${unreadable} stored message(s) of this conversation could not be opened and are not shown: `
			+ 'they were changed in the database. The administrator has been alerted.', 'error'));
	}
	else if (!messages.length) ui.log.append(ui.empty);
	ui.conversations.markCurrent();
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
