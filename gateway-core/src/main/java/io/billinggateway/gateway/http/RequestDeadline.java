package io.billinggateway.gateway.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every request must arrive completely, headers and body, within {@code billing.http.request-deadline} (default
 * 30 s) of its first byte; otherwise the gateway answers 408 with a problem document and closes the connection. Idle
 * timeouts alone do not stop a client that trickles one byte every few seconds and so holds a socket and a buffer
 * forever. The clock starts at the first byte read after the previous request completed, so an idle keep-alive
 * connection is left to the server's idle timeout; once the request is complete, the handler may take as long as
 * it needs.
 */
@Singleton
final class RequestDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
    private static final String FIRST_BYTE_HANDLER = "billing-request-deadline-start";
    private static final String COMPLETION_HANDLER = "billing-request-deadline-end";

    private final Duration deadline;

    RequestDeadline(@Value("${billing.http.request-deadline:30s}") Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalStateException("billing.http.request-deadline must be positive, got " + deadline);
        }
        this.deadline = deadline;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel connection, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(connection) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null || channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null
                    || channel.pipeline().get(FIRST_BYTE_HANDLER) != null) {
                return;
            }
            Timer timer = new Timer();
            channel.pipeline().addFirst(FIRST_BYTE_HANDLER, new FirstByte(timer));
            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, COMPLETION_HANDLER, new Completion(timer));
        }
    }

    /** The deadline of the request now arriving on one connection; used on its event loop only. */
    private final class Timer {
        private ScheduledFuture<?> pending;

        void start(ChannelHandlerContext context) {
            if (pending == null) {
                pending = context.executor().schedule(() -> expire(context), deadline.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void stop() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        private void expire(ChannelHandlerContext context) {
            LOG.info("closing a connection from {}: its request did not arrive completely within {}", context.channel().remoteAddress(), deadline);
            String body = """
                    {"type":"https://billing-gateway.dev/problems/request-timeout","title":"The request did not arrive in time","status":408,\
                    "detail":"the request must arrive completely within %d seconds of its first byte","code":"REQUEST_TIMEOUT","retryable":true}"""
                    .formatted(deadline.toSeconds());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n\r\n";
            context.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** First in the pipeline: raw bytes arriving start the clock. */
    private static final class FirstByte extends ChannelDuplexHandler {
        private final Timer timer;

        FirstByte(Timer timer) {
            this.timer = timer;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            timer.start(context);
            context.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            timer.stop();
            context.fireChannelInactive();
        }
    }

    /** After the HTTP decoder: the last part of a request stops the clock. */
    private static final class Completion extends ChannelInboundHandlerAdapter {
        private final Timer timer;

        Completion(Timer timer) {
            this.timer = timer;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof LastHttpContent) {
                timer.stop();
            }
            context.fireChannelRead(message);
        }
    }
}
