-- A refunded invoice's codes stay void even if they were mid-redemption (reserved) or waiting
-- for review when the invoice was voided: the way back to 'unused' leads to 'void' instead.
ALTER TABLE codes ADD COLUMN voided_at TEXT;
