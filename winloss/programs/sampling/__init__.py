"""SOP step 2: select the interview sample — eligibility, strata, allocation, replacements."""
