-- Reviewers and approvers work the cases of their office (a closed office's cases move to
-- another office while their community stays): their queue is read by office, in order.
CREATE INDEX applications_office_queue ON applications (office_code, submitted_at, id);
