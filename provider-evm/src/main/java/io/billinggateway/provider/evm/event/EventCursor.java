package io.billinggateway.provider.evm.event;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where event polling stands: every event of blocks up to {@code block} has been returned, plus the first
 * {@code skip} events of the next block (when a page ended inside a block). The block's hash is kept to notice a
 * reorganisation deeper than the confirmation depth. Written as {@code evm1:<chainId>:<block>:<hash>:<skip>};
 * opaque to the gateway.
 *
 * @param block the last block fully returned; -1 before the first block
 * @param blockHash that block's hash, {@code -} for block -1
 */
record EventCursor(long chainId, long block, String blockHash, int skip) {
    private static final Pattern FORMAT = Pattern.compile("evm1:([0-9]+):(-1|[0-9]+):(-|0x[0-9a-f]{64}):([0-9]+)");
    static final String NO_HASH = "-";

    EventCursor {
        if (block < -1 || skip < 0) {
            throw new IllegalArgumentException("block must be at least -1 and skip not negative");
        }
    }

    static EventCursor before(long chainId, long startBlock) {
        return new EventCursor(chainId, startBlock - 1, NO_HASH, 0);
    }

    /** @throws BillingException {@link ErrorCode#INVALID_REQUEST} when the text is not a cursor of this chain */
    static EventCursor parse(String text, long chainId) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "'" + abbreviate(text) + "' is not an event cursor of the evm provider");
        }
        long cursorChain = Long.parseLong(matcher.group(1));
        if (cursorChain != chainId) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "the event cursor belongs to chain " + cursorChain + ", not to chain " + chainId);
        }
        return new EventCursor(cursorChain, Long.parseLong(matcher.group(2)), matcher.group(3), Integer.parseInt(matcher.group(4)));
    }

    boolean hasHash() {
        return !blockHash.equals(NO_HASH);
    }

    String encode() {
        return "evm1:" + chainId + ":" + block + ":" + blockHash + ":" + skip;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
