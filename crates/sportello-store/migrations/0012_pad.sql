-- "Configurazione APL" (seed 001): whether citizens may choose the branch when they
-- sign the PAD, as the server says; selectable until it says otherwise.
ALTER TABLE branches ADD COLUMN pad INTEGER NOT NULL DEFAULT 1;
