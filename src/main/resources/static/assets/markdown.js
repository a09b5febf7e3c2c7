// Model output to the page: markdown-it with raw HTML off, then DOMPurify, then the
// "bastion" Trusted Types policy, the only way HTML enters the document. Links may only
// be http(s) or mailto; images load only from Bastion itself, any other one becomes a
// link; style attributes (markdown-it's table alignment) are dropped, as CSP forbids them.
import { DOMPurify, markdownit } from './vendor.js';
import { h, copy } from './dom.js';

const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#)/i;

const md = markdownit({ html: false, linkify: true, breaks: false });

md.validateLink = (url) => SAFE_LINK.test(url.trim());

// Table alignment comes out as style="text-align: …", which CSP forbids (and which the
// browser reports even inside DOMPurify's inert document): a class says it instead.
md.core.ruler.push('alignment_as_class', (state) => {
	for (const token of state.tokens) {
		const style = token.attrGet('style');
		if (style) {
			token.attrs = token.attrs.filter(([name]) => name !== 'style');
			const align = /text-align:\s*(left|center|right)/.exec(style);
			if (align) token.attrJoin('class', `align-${align[1]}`);
		}
	}
});

md.renderer.rules.image = (tokens, index, options, env, self) => {
	const token = tokens[index];
	const source = token.attrGet('src') || '';
	if (isOwnOrigin(source)) {
		return self.renderToken(tokens, index, options);
	}
	const alt = md.utils.escapeHtml(token.content || source);
	return `<a href="${md.utils.escapeHtml(source)}" class="external-image">${alt} (image not loaded)</a>`;
};

function isOwnOrigin(source) {
	try {
		return new URL(source, window.location.href).origin === window.location.origin;
	} catch {
		return false;
	}
}

const SANITIZE = {
	USE_PROFILES: { html: true },
	FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
	FORBID_ATTR: ['style', 'srcset'],
	ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
	if (node.tagName === 'A') {
		node.setAttribute('rel', 'noopener noreferrer nofollow');
		node.setAttribute('target', '_blank');
	}
	if (node.tagName === 'IMG' && !isOwnOrigin(node.getAttribute('src') || '')) {
		node.removeAttribute('src');
	}
});

const policy = window.trustedTypes
	? window.trustedTypes.createPolicy('bastion', { createHTML: (html) => DOMPurify.sanitize(html, SANITIZE) })
	: { createHTML: (html) => DOMPurify.sanitize(html, SANITIZE) };

/** Replaces the content of `element` with `text` rendered as safe Markdown. */
export function renderMarkdown(element, text) {
	element.innerHTML = policy.createHTML(md.render(text));
	// Wide code and tables scroll sideways on small screens: keyboard users must reach them.
	for (const wide of element.querySelectorAll('pre, table')) {
		wide.tabIndex = 0;
	}
	for (const block of element.querySelectorAll('pre')) {
		const code = block.textContent;
		const button = h('button', { type: 'button', class: 'copy' }, 'Copy');
		button.addEventListener('click', () => copy(code, button));
		block.before(h('div', { class: 'code-tools' }, button));
	}
}
