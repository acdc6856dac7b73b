-- Printed letters (#13 item 4): the application receipt, the decision notice and the pledge
-- receipt each carry a code that /verify answers for. One code per letter: the same letter
-- printed again shows the same code; a new decision is a new letter. `issued_on` is the day
-- the letter speaks of (Beijing date); nothing else about the person is kept here.
CREATE TABLE issued_letters (
    code       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, subject)
);
