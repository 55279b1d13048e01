"""CSV texts shared by the import tests (core and CLI)."""

GOOD_CSV = (
    "\ufeffcode,study_role,name,email,program_role,gender,age_band,years_involved,employer\n"
    "P01,participant,Marie Tremblay,marie@example.org,Program medical lead,femme,35–44,4,CIUSSS du Centre-Sud\n"
    "P02,,Jean Roy,,coordinator,HOMME,45_54,0,\n"
    "M1,animatrice,Anne Gagnon,,,,,,\n"
)
BAD_CSV = (
    "code,program_role,gender,age_band,years_involved\n"
    "P01,medical_lead,woman,35_44,3\n"
    "P02,medical_lead,woman,35_44,-1\n"
    "P01,boss,woman,35_44,2\n"
    "1x,medical_lead,,35_44,abc\n"
    "P05,medical_lead,woman,35_44\n"
)
