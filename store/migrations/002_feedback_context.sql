-- Feedback keeps the channel and the variant the scan found, so shared
-- messages can become labelled corpus files, and when it came (to the
-- nanosecond), so the latest word on a message wins.
ALTER TABLE feedback ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN variant TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN added TEXT NOT NULL DEFAULT '';
