-- Feedback keeps the channel and the variant the scan found, so shared
-- messages can become labelled corpus files.
ALTER TABLE feedback ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN variant TEXT NOT NULL DEFAULT '';
