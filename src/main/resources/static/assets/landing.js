// Shows the service status; writes text only, so it needs no Trusted Types policy.
const output = document.getElementById('health-status');

async function showHealth() {
	try {
		const response = await fetch('/api/v1/health', { headers: { Accept: 'application/json' } });
		const health = await response.json();
		output.textContent = health.status;
		output.dataset.status = health.status;
	} catch {
		output.textContent = 'unreachable';
		output.dataset.status = 'DOWN';
	}
}

showHealth();
