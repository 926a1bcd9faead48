-- Where the event poller of each network continues: the provider's opaque cursor (on chains, a block and its hash).
CREATE TABLE billing_event_cursors (
    network     VARCHAR(32)   PRIMARY KEY,
    cursor_value VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
