"""Built-in fictional lists: personal names, places, phone area codes, clinicians, facilities and resources."""

from __future__ import annotations

from ..work_items import ReferralCategory

# A few hundred name combinations, with diacritics.
_EN_F = "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Ashley "
_EN_F += "Kimberly Donna Emily Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Tammy Crystal "
_EN_F += "Brandy Renée Zoë Chloé Angela Brenda"
_EN_M = "James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony "
_EN_M += "Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Jason Travis Cody Dustin "
_EN_M += "Wayne Dale José André"
_EN_FAM = "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee "
_EN_FAM += "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker "
_EN_FAM += "Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris "
_EN_FAM += "Murphy Cook Rogers Cooper Bell Ward Cox Howard Brooks Gray Watson Price Bennett Wood Barnes Ross "
_EN_FAM += "Henderson Coleman Jenkins Perry Powell Long Hughes Washington Butler Foster Bryant Russell Griffin "
_EN_FAM += "Hayes Myers Ford Hamilton Graham Sullivan Wallace Cole West Owens Fisher Ellis O'Brien McDonald "
_EN_FAM += "Smith-Jones Harjo Bearpaw Sixkiller Tiger Yahola Redcorn"
_ES_F = "María Guadalupe Rosa Ana Lucía Sofía Isabel Verónica Adriana Alejandra Beatriz Carmen Dolores Elena "
_ES_F += "Esperanza Inés Juana Leticia Marisol Mónica Noemí Patricia Raquel Socorro Yesenia"
_ES_M = "José Juan Luis Carlos Jesús Miguel Francisco Jorge Alejandro Andrés Ángel Armando César Efraín Héctor "
_ES_M += "Ignacio Joaquín Julián Martín Raúl Ramón Rubén Sergio Tomás Víctor"
_ES_FAM = "García Hernández Martínez López González Rodríguez Pérez Sánchez Ramírez Flores Gómez Díaz Reyes "
_ES_FAM += "Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Jiménez Vásquez Castillo Mendoza Peña Muñoz Núñez "
_ES_FAM += "Ibáñez Guzmán Domínguez Álvarez Fernández Rojas Solís Villanueva"
_VI_F, _VI_M = "Anh Hoa Lan Linh Phương Thảo Hạnh Mai", "Bảo Hùng Minh Tuấn Dũng Quang Long Khánh"
_VI_FAM = "Nguyễn Trần Lê Phạm Huỳnh Hoàng Vũ Võ Đặng Bùi"
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (tuple(_EN_F.split()), tuple(_EN_M.split()), tuple(_EN_FAM.split())),
    "es": (tuple(_ES_F.split()), tuple(_ES_M.split()), tuple(_ES_FAM.split())),
    "vi": (tuple(_VI_F.split()), tuple(_VI_M.split()), tuple(_VI_FAM.split())),
}
CITIES = (
    ("Oklahoma City", ("73102", "73106", "73109", "73119", "73129", "73139")),
    ("Tulsa", ("74104", "74106", "74112", "74127")),
    ("Norman", ("73069", "73071")), ("Lawton", ("73501", "73505")), ("Broken Arrow", ("74012",)),
    ("Muskogee", ("74401",)), ("Enid", ("73701",)), ("Ardmore", ("73401",)), ("Shawnee", ("74801",)),
    ("Durant", ("74701",)), ("McAlester", ("74501",)), ("Guymon", ("73942",)), ("Tahlequah", ("74464",)),
)  # fmt: skip
STREETS = (
    "N Main St", "Elm St", "Oak Ave", "Maple Dr", "Cherokee St", "Choctaw Rd", "Sooner Rd", "NE 23rd St",
    "SE 44th St", "E Admiral Pl", "W 11th St", "Peoria Ave", "Harvard Ave", "Lincoln Blvd", "Meridian Ave",
    "Reno Ave", "Memorial Rd", "Cedar Ln", "Redbud Ct", "Prairie View Dr",
)  # fmt: skip
AREA_CODES = ("405", "918", "580", "539")
PCPS = (
    "Dr. Ellen Whitaker", "Dr. Samuel Osei", "Dr. Priya Raman", "Dr. Carlos Ybarra", "Dr. Hannah Kessler",
    "Dr. Tom Redcorn", "Dr. Mai Trần", "Dr. Lucía Ortega",
)  # fmt: skip
FACILITIES = ("Prairie Star Medical Center", "Redbud General Hospital", "Twin Rivers Regional Hospital")
BH_FACILITY = "Meadowlark Behavioral Health Center"
RESOURCES = (
    (ReferralCategory.FOOD, "Cimarron Community Food Pantry", "Tue and Thu 9–3", "County residents"),
    (ReferralCategory.FOOD, "Eastside Church Food Closet", "Sat 8–12", "Anyone in need"),
    (ReferralCategory.HOUSING, "Red Dirt Housing Help", "Mon–Fri 8–5", "Low income; eviction notices"),
    (ReferralCategory.HOUSING, "Home Repair Neighbors", "Mon–Thu 9–4", "Homeowners 55+ or disabled"),
    (ReferralCategory.TRANSPORTATION, "Prairie Rides Medical Transport", "Book 3 days ahead", "SoonerCare members"),
    (ReferralCategory.UTILITIES, "Warm Homes Utility Assistance", "Mon–Fri 8–4:30", "Shut-off notice required"),
    (ReferralCategory.INTERPERSONAL_SAFETY, "Safe Harbor Family Services", "24/7 hotline", "Anyone"),
    (ReferralCategory.BEHAVIORAL_HEALTH, "Bluestem Community Mental Health", "Mon–Fri 8–6", "Sliding scale"),
    (ReferralCategory.DIABETES_EDUCATION, "Living Well with Diabetes Class", "Wednesdays 6 pm", "Adults with diabetes"),
    (ReferralCategory.PHARMACY, "Clinic Pharmacist Medication Review", "By appointment", "Clinic patients"),
    (ReferralCategory.FOOD, "Despensa Comunitaria San José", "Vie 10–2", "Abierto a todos"),
    (ReferralCategory.TRANSPORTATION, "City Bus Half-Fare Program", "Mon–Fri 8–5", "Medicaid card holders"),
)  # fmt: skip
