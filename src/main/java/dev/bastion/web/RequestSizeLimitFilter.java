package dev.bastion.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.bastion.system.ErrorCode;

/**
 * Bounds request bodies. A declared {@code Content-Length} over the limit is refused at
 * once; otherwise the bytes actually read are counted, so a chunked body cannot slip
 * past. A body still arriving {@code REQUEST_BODY_TIMEOUT} after the request's start is
 * given up: Tomcat's read timeout only bounds the pause between two bytes, so a body sent
 * a byte at a time would otherwise hold its buffers (and a half-read JSON string) for as
 * long as its sender likes.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

	/**
	 * The voice endpoint bounds the recording itself to the limit, so its body may carry
	 * that much audio plus the multipart framing around it.
	 */
	private static final String VOICE = "/api/v1/voice";

	private static final long MULTIPART_FRAMING = 64 * 1024;

	private final long maxBytes;

	private final Duration bodyTimeout;

	private final ProblemResponses problems;

	RequestSizeLimitFilter(long maxBytes, Duration bodyTimeout, ProblemResponses problems) {
		this.maxBytes = maxBytes;
		this.bodyTimeout = bodyTimeout;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = VOICE.equals(request.getRequestURI()) ? this.maxBytes + MULTIPART_FRAMING : this.maxBytes;
		if (request.getContentLengthLong() > limit) {
			response.setHeader("Connection", "close");
			this.problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + limit + " bytes.");
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit, this.bodyTimeout), response);
	}

	/**
	 * Whether the body, read to its end, is over the limit. The JSON reader gives up on a
	 * document too large for its own bounds (a string of a million characters) long
	 * before the body's limit; reading the rest (no more than the limit, before the
	 * body's deadline) tells whether the body as a whole was too large, which the caller
	 * must hear first.
	 */
	static boolean restExceedsLimit(HttpServletRequest request) {
		try {
			request.getInputStream().transferTo(OutputStream.nullOutputStream());
			return false;
		}
		catch (RequestTooLargeException ex) {
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			return false;
		}
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private final Duration timeout;

		private final long deadline;

		private @Nullable ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes, Duration timeout) {
			super(request);
			this.maxBytes = maxBytes;
			this.timeout = timeout;
			this.deadline = System.nanoTime() + timeout.toNanos();
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingInputStream(super.getInputStream(), this.maxBytes, this.timeout,
						this.deadline);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			Charset charset = charset(getCharacterEncoding());
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/**
	 * The request's charset, or UTF-8 when it names none or one this JVM does not know.
	 */
	private static Charset charset(@Nullable String name) {
		try {
			return (name != null) ? Charset.forName(name) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	private static final class CountingInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private final Duration timeout;

		private final long deadline;

		private long count;

		CountingInputStream(ServletInputStream delegate, long maxBytes, Duration timeout, long deadline) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
			this.timeout = timeout;
			this.deadline = deadline;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
				checkDeadline();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
				checkDeadline();
			}
			return n;
		}

		/**
		 * Checked after each read: one read waits no longer than Tomcat's read timeout
		 * ({@code server.tomcat.connection-timeout}), so a body is given up at most that
		 * long after the deadline.
		 */
		private void checkDeadline() throws RequestBodyTimeoutException {
			if (System.nanoTime() - this.deadline > 0) {
				throw new RequestBodyTimeoutException(this.timeout);
			}
		}

		private void count(int n) throws RequestTooLargeException {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw new RequestTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
