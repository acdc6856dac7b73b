-- A counted attempt can be taken back (a staff sign-in that turned out right counts
-- against nobody): the token names the rows one attempt added.
ALTER TABLE rate_events ADD COLUMN token TEXT;
CREATE INDEX rate_events_token ON rate_events (token);
