<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AnswerRow</name>
    <message>
        <source>Please answer this question.</source>
        <translation>Por favor, responda esta pregunta.</translation>
    </message>
    <message>
        <source>Press %1 to tick or untick an answer.</source>
        <translation>Presione %1 para marcar o desmarcar una respuesta.</translation>
    </message>
    <message>
        <source>Press %1 to answer.</source>
        <translation>Presione %1 para responder.</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Sin responder</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Every time this member&apos;s records were opened or changed on this computer, newest first. The log cannot be edited.</source>
        <translation>Cada vez que se abrieron o cambiaron los registros de este miembro en esta computadora, de lo más reciente a lo más antiguo. El registro no se puede editar.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>No audit events yet.</source>
        <translation>Todavía no hay eventos de auditoría.</translation>
    </message>
    <message>
        <source>Only the most recent events are listed.</source>
        <translation>Solo se muestran los eventos más recientes.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Record ID</source>
        <translation>ID del registro</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
</context>
<context>
    <name>BarrierForm</name>
    <message>
        <source>&amp;Barrier:</source>
        <translation>&amp;Barrera:</translation>
    </message>
    <message>
        <source>&amp;Plan to get past it:</source>
        <translation>&amp;Plan para superarla:</translation>
    </message>
    <message>
        <source>&amp;Resolved:</source>
        <translation>&amp;Resuelta:</translation>
    </message>
</context>
<context>
    <name>BehaviourCard</name>
    <message>
        <source>Behaviour:</source>
        <translation>Conducta:</translation>
    </message>
    <message>
        <source>Target behaviour</source>
        <translation>Conducta objetivo</translation>
    </message>
    <message>
        <source>e.g. walk after supper</source>
        <translation>p. ej., caminar después de cenar</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>Etapa:</translation>
    </message>
    <message>
        <source>Stage of change</source>
        <translation>Etapa de cambio</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove this behaviour</source>
        <translation>Quitar esta conducta</translation>
    </message>
    <message>
        <source>Importance:</source>
        <translation>Importancia:</translation>
    </message>
    <message>
        <source>Confidence:</source>
        <translation>Confianza:</translation>
    </message>
    <message>
        <source>Readiness (optional):</source>
        <translation>Disposición (opcional):</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>sin puntuar</translation>
    </message>
    <message>
        <source>%1 of 10</source>
        <translation>%1 de 10</translation>
    </message>
    <message>
        <source>Member&apos;s reason:</source>
        <translation>Razón del miembro:</translation>
    </message>
    <message>
        <source>The member&apos;s reason, in their words</source>
        <translation>La razón del miembro, en sus palabras</translation>
    </message>
    <message>
        <source>Why that number and not a lower one? (their words)</source>
        <translation>¿Por qué ese número y no uno más bajo? (sus palabras)</translation>
    </message>
    <message>
        <source>importance</source>
        <translation>importancia</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>confianza</translation>
    </message>
    <message>
        <source>readiness</source>
        <translation>disposición</translation>
    </message>
    <message>
        <source>Last time (%1): %2</source>
        <translation>La vez anterior (%1): %2</translation>
    </message>
</context>
<context>
    <name>CarePlanEditor</name>
    <message>
        <source>Care plan</source>
        <translation>Plan de atención</translation>
    </message>
    <message>
        <source>&amp;Mark reviewed</source>
        <translation>&amp;Marcar como revisado</translation>
    </message>
    <message>
        <source>Record a review with the member today; the next review date follows from the member&apos;s tier.</source>
        <translation>Registra una revisión con el miembro hoy; la fecha de la próxima revisión depende del nivel del miembro.</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Historial…</translation>
    </message>
    <message>
        <source>Every change to this plan: who, when, old and new values</source>
        <translation>Cada cambio en este plan: quién, cuándo, valores anteriores y nuevos</translation>
    </message>
    <message>
        <source>Print p&amp;lan…</source>
        <translation>Imprimir p&amp;lan…</translation>
    </message>
    <message>
        <source>Save the member&apos;s plan as a PDF in their language</source>
        <translation>Guardar el plan del miembro como PDF en su idioma</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save all changes (Ctrl+S)</source>
        <translation>Guardar todos los cambios (Ctrl+S)</translation>
    </message>
    <message>
        <source>Select a problem, goal, intervention or barrier to change it, or add a new one. Ctrl+S saves everything you changed.</source>
        <translation>Seleccione un problema, una meta, una acción o una barrera para cambiarlo, o agregue uno nuevo. Ctrl+S guarda todo lo que cambió.</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>No problems listed.</source>
        <translation>No hay problemas en la lista.</translation>
    </message>
    <message>
        <source>SMART goals</source>
        <translation>Metas SMART</translation>
    </message>
    <message>
        <source>No goals yet.</source>
        <translation>Todavía no hay metas.</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>No interventions yet.</source>
        <translation>Todavía no hay acciones.</translation>
    </message>
    <message>
        <source>Barriers</source>
        <translation>Barreras</translation>
    </message>
    <message>
        <source>No barriers recorded.</source>
        <translation>No hay barreras registradas.</translation>
    </message>
    <message>
        <source>Add problem</source>
        <translation>Agregar problema</translation>
    </message>
    <message>
        <source>Add &amp;goal</source>
        <translation>Agre&amp;gar meta</translation>
    </message>
    <message>
        <source>Add &amp;intervention</source>
        <translation>Agregar acció&amp;n</translation>
    </message>
    <message>
        <source>Add &amp;barrier</source>
        <translation>Agregar &amp;barrera</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Progress entries</source>
        <translation>Registros de progreso</translation>
    </message>
    <message>
        <source>Add pro&amp;gress</source>
        <translation>Agregar pro&amp;greso</translation>
    </message>
    <message>
        <source>Save goal</source>
        <translation>Guardar meta</translation>
    </message>
    <message>
        <source>Save intervention</source>
        <translation>Guardar acción</translation>
    </message>
    <message>
        <source>Save barrier</source>
        <translation>Guardar barrera</translation>
    </message>
    <message>
        <source>&amp;Discontinue</source>
        <translation>Suspen&amp;der</translation>
    </message>
    <message>
        <source>Discontinue keeps it, and its history, with the status Discontinued.</source>
        <translation>Suspender lo conserva, junto con su historial, con el estado Suspendida.</translation>
    </message>
    <message>
        <source>Goal histor&amp;y…</source>
        <translation>Hist&amp;orial de la meta…</translation>
    </message>
    <message>
        <source>Intervention histor&amp;y…</source>
        <translation>Hist&amp;orial de la acción…</translation>
    </message>
    <message>
        <source>Barrier histor&amp;y…</source>
        <translation>Hist&amp;orial de la barrera…</translation>
    </message>
    <message>
        <source>Unsaved changes kept from before: save them or change them back.</source>
        <translation>Hay cambios sin guardar de antes: guárdelos o deshágalos.</translation>
    </message>
    <message>
        <source>New goal</source>
        <translation>Nueva meta</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Meta</translation>
    </message>
    <message>
        <source>New intervention</source>
        <translation>Nueva acción</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>New barrier</source>
        <translation>Nueva barrera</translation>
    </message>
    <message>
        <source>Barrier</source>
        <translation>Barrera</translation>
    </message>
    <message>
        <source>New problem</source>
        <translation>Nuevo problema</translation>
    </message>
    <message>
        <source>Save the goal first, then record its progress.</source>
        <translation>Primero guarde la meta y luego registre su progreso.</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>No hay nada que guardar.</translation>
    </message>
    <message>
        <source>The plan was not saved: see the messages under the fields.</source>
        <translation>El plan no se guardó: vea los mensajes debajo de los campos.</translation>
    </message>
    <message>
        <source>Plan saved.</source>
        <translation>Plan guardado.</translation>
    </message>
    <message>
        <source>Not saved: see the messages under the fields.</source>
        <translation>No se guardó: vea los mensajes debajo de los campos.</translation>
    </message>
    <message>
        <source>Goal saved.</source>
        <translation>Meta guardada.</translation>
    </message>
    <message>
        <source>Intervention saved.</source>
        <translation>Acción guardada.</translation>
    </message>
    <message>
        <source>Barrier saved.</source>
        <translation>Barrera guardada.</translation>
    </message>
    <message>
        <source>Problem added.</source>
        <translation>Problema agregado.</translation>
    </message>
    <message>
        <source>No changes to save.</source>
        <translation>No hay cambios que guardar.</translation>
    </message>
    <message>
        <source>Progress added.</source>
        <translation>Progreso agregado.</translation>
    </message>
    <message>
        <source>Review recorded; the next one is scheduled.</source>
        <translation>Revisión registrada; la próxima ya está programada.</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>No se guardó.</translation>
    </message>
    <message>
        <source>No progress recorded yet.</source>
        <translation>Todavía no hay progreso registrado.</translation>
    </message>
    <message>
        <source>Care-plan history</source>
        <translation>Historial del plan de atención</translation>
    </message>
    <message>
        <source>Save your changes first: the printed plan shows what is saved.</source>
        <translation>Primero guarde sus cambios: el plan impreso muestra lo que está guardado.</translation>
    </message>
    <message>
        <source>The PDF could not be saved there. Choose another folder.</source>
        <translation>No se pudo guardar el PDF allí. Elija otra carpeta.</translation>
    </message>
    <message>
        <source>Printed plan saved as %1. Pages: %2.</source>
        <translation>Plan impreso guardado como %1. Páginas: %2.</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Vinculado a</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Para el</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
</context>
<context>
    <name>CarePlanTab</name>
    <message numerus="yes">
        <source>%n earlier or closed care plan(s) not shown.</source>
        <translation>
            <numerusform>No se muestra %n plan de atención anterior o cerrado.</numerusform>
            <numerusform>No se muestran %n planes de atención anteriores o cerrados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de atención</translation>
    </message>
    <message>
        <source>No care plan yet.</source>
        <translation>Todavía no hay plan de atención.</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Last reviewed:</source>
        <translation>Última revisión:</translation>
    </message>
    <message>
        <source>Review due:</source>
        <translation>Próxima revisión:</translation>
    </message>
    <message>
        <source>Strengths:</source>
        <translation>Fortalezas:</translation>
    </message>
    <message>
        <source>In the member&apos;s words:</source>
        <translation>En palabras del miembro:</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>No problems listed.</source>
        <translation>No hay problemas en la lista.</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>Metas</translation>
    </message>
    <message>
        <source>No goals yet.</source>
        <translation>Todavía no hay metas.</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>No interventions yet.</source>
        <translation>Todavía no hay acciones.</translation>
    </message>
    <message>
        <source>Barriers</source>
        <translation>Barreras</translation>
    </message>
    <message>
        <source>No barriers recorded.</source>
        <translation>No hay barreras registradas.</translation>
    </message>
    <message>
        <source>%1 — overdue</source>
        <translation>%1 — vencida</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Meta</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Punto de partida</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Para el</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Latest progress</source>
        <translation>Último progreso</translation>
    </message>
    <message numerus="yes">
        <source>(%n entries)</source>
        <translation>
            <numerusform>(%n registro)</numerusform>
            <numerusform>(%n registros)</numerusform>
        </translation>
    </message>
    <message>
        <source>(low)</source>
        <translation>(baja)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>For goal</source>
        <translation>Para la meta</translation>
    </message>
    <message>
        <source>Barrier</source>
        <translation>Barrera</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
</context>
<context>
    <name>ChartLabels</name>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>Vietnamita</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Femenino</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Masculino</translation>
    </message>
    <message>
        <source>Sex not recorded</source>
        <translation>Sexo no registrado</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Inscrito</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Rechazó</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>Graduado</translation>
    </message>
    <message>
        <source>Disenrolled</source>
        <translation>Dado de baja</translation>
    </message>
    <message>
        <source>Hypertension</source>
        <translation>Hipertensión</translation>
    </message>
    <message>
        <source>Diabetes</source>
        <translation>Diabetes</translation>
    </message>
    <message>
        <source>Depression</source>
        <translation>Depresión</translation>
    </message>
    <message>
        <source>Anxiety</source>
        <translation>Ansiedad</translation>
    </message>
    <message>
        <source>Asthma</source>
        <translation>Asma</translation>
    </message>
    <message>
        <source>COPD</source>
        <translation>EPOC</translation>
    </message>
    <message>
        <source>Heart failure</source>
        <translation>Insuficiencia cardíaca</translation>
    </message>
    <message>
        <source>Obesity</source>
        <translation>Obesidad</translation>
    </message>
    <message>
        <source>Chronic kidney disease</source>
        <translation>Enfermedad renal crónica</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En persona</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <source>Caregiver</source>
        <translation>Cuidador</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>Tutor legal</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Intérprete</translation>
    </message>
    <message>
        <source>Precontemplation</source>
        <translation>Precontemplación</translation>
    </message>
    <message>
        <source>Contemplation</source>
        <translation>Contemplación</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Preparación</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <source>Desire</source>
        <translation>Deseo</translation>
    </message>
    <message>
        <source>Ability</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>Razones</translation>
    </message>
    <message>
        <source>Need</source>
        <translation>Necesidad</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>Compromiso</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Activación</translation>
    </message>
    <message>
        <source>Taking steps</source>
        <translation>Dando pasos</translation>
    </message>
    <message>
        <source>Open questions</source>
        <translation>Preguntas abiertas</translation>
    </message>
    <message>
        <source>Affirmations</source>
        <translation>Afirmaciones</translation>
    </message>
    <message>
        <source>Reflections</source>
        <translation>Reflejos</translation>
    </message>
    <message>
        <source>Summaries</source>
        <translation>Resúmenes</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Vigente</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <source>Achieved</source>
        <translation>Lograda</translation>
    </message>
    <message>
        <source>Not achieved</source>
        <translation>No lograda</translation>
    </message>
    <message>
        <source>Discontinued</source>
        <translation>Suspendida</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planificada</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>PCP</source>
        <translation>PCP</translation>
    </message>
    <message>
        <source>PHQ-2</source>
        <translation>PHQ-2</translation>
    </message>
    <message>
        <source>PHQ-9</source>
        <translation>PHQ-9</translation>
    </message>
    <message>
        <source>GAD-2</source>
        <translation>GAD-2</translation>
    </message>
    <message>
        <source>GAD-7</source>
        <translation>GAD-7</translation>
    </message>
    <message>
        <source>AUDIT-C</source>
        <translation>AUDIT-C</translation>
    </message>
    <message>
        <source>Social needs (AHC HRSN)</source>
        <translation>Necesidades sociales (AHC HRSN)</translation>
    </message>
    <message>
        <source>None–minimal</source>
        <translation>Ninguna o mínima</translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation>Mínima</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>Leve</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>Moderada</translation>
    </message>
    <message>
        <source>Moderately severe</source>
        <translation>Moderadamente grave</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>Grave</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>Positivo</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Negativo</translation>
    </message>
    <message>
        <source>Review intake</source>
        <translation>Revisar el consumo</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Incompleta</translation>
    </message>
    <message>
        <source>Item 9 (self-harm) positive</source>
        <translation>Pregunta 9 (autolesión) positiva</translation>
    </message>
    <message>
        <source>Provisional major depressive syndrome</source>
        <translation>Posible síndrome depresivo mayor</translation>
    </message>
    <message>
        <source>Provisional other depressive syndrome</source>
        <translation>Posible otro síndrome depresivo</translation>
    </message>
    <message>
        <source>PHQ-9 positive</source>
        <translation>PHQ-9 positivo</translation>
    </message>
    <message>
        <source>Give the PHQ-9</source>
        <translation>Aplicar el PHQ-9</translation>
    </message>
    <message>
        <source>Give the GAD-7</source>
        <translation>Aplicar el GAD-7</translation>
    </message>
    <message>
        <source>GAD-7 positive</source>
        <translation>GAD-7 positivo</translation>
    </message>
    <message>
        <source>AUDIT-C positive</source>
        <translation>AUDIT-C positivo</translation>
    </message>
    <message>
        <source>Possible alcohol use disorder</source>
        <translation>Posible trastorno por consumo de alcohol</translation>
    </message>
    <message>
        <source>Women&apos;s cut-off used</source>
        <translation>Se usó el punto de corte para mujeres</translation>
    </message>
    <message>
        <source>Housing need</source>
        <translation>Necesidad de vivienda</translation>
    </message>
    <message>
        <source>Food need</source>
        <translation>Necesidad de alimentos</translation>
    </message>
    <message>
        <source>Transportation need</source>
        <translation>Necesidad de transporte</translation>
    </message>
    <message>
        <source>Utilities need</source>
        <translation>Necesidad de servicios públicos</translation>
    </message>
    <message>
        <source>Interpersonal safety concern</source>
        <translation>Preocupación por la seguridad personal</translation>
    </message>
    <message>
        <source>Questions unanswered</source>
        <translation>Preguntas sin responder</translation>
    </message>
    <message>
        <source>HbA1c</source>
        <translation>HbA1c</translation>
    </message>
    <message>
        <source>Blood pressure</source>
        <translation>Presión arterial</translation>
    </message>
    <message>
        <source>BMI</source>
        <translation>IMC</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Peso</translation>
    </message>
    <message>
        <source>LDL cholesterol</source>
        <translation>Colesterol LDL</translation>
    </message>
    <message>
        <source>eGFR</source>
        <translation>TFGe</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Consultorio</translation>
    </message>
    <message>
        <source>Emergency department</source>
        <translation>Sala de emergencias</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>Hospital</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Hogar</translation>
    </message>
    <message>
        <source>Contact due</source>
        <translation>Contacto pendiente</translation>
    </message>
    <message>
        <source>Post-discharge call</source>
        <translation>Llamada después del alta</translation>
    </message>
    <message>
        <source>Medication reconciliation</source>
        <translation>Conciliación de medicamentos</translation>
    </message>
    <message>
        <source>PCP visit</source>
        <translation>Visita al PCP</translation>
    </message>
    <message>
        <source>Behavioral-health follow-up</source>
        <translation>Seguimiento de salud mental</translation>
    </message>
    <message>
        <source>Care-plan review</source>
        <translation>Revisión del plan de atención</translation>
    </message>
    <message>
        <source>Safety assessment</source>
        <translation>Evaluación de seguridad</translation>
    </message>
    <message>
        <source>Referral follow-up</source>
        <translation>Seguimiento del referido</translation>
    </message>
    <message>
        <source>Screening due</source>
        <translation>Evaluación pendiente</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecha</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>Loop closed</source>
        <translation>Ciclo cerrado</translation>
    </message>
    <message>
        <source>Behavioral health</source>
        <translation>Salud mental</translation>
    </message>
    <message>
        <source>Specialty care</source>
        <translation>Atención especializada</translation>
    </message>
    <message>
        <source>Diabetes education</source>
        <translation>Educación sobre diabetes</translation>
    </message>
    <message>
        <source>Pharmacy</source>
        <translation>Farmacia</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>Alimentos</translation>
    </message>
    <message>
        <source>Housing</source>
        <translation>Vivienda</translation>
    </message>
    <message>
        <source>Transportation</source>
        <translation>Transporte</translation>
    </message>
    <message>
        <source>Utilities</source>
        <translation>Servicios públicos</translation>
    </message>
    <message>
        <source>Interpersonal safety</source>
        <translation>Seguridad personal</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>Ingreso</translation>
    </message>
    <message>
        <source>Discharge</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>ED visit</source>
        <translation>Visita a emergencias</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Traslado</translation>
    </message>
    <message>
        <source>Home with home health</source>
        <translation>Hogar con atención médica domiciliaria</translation>
    </message>
    <message>
        <source>Assisted living</source>
        <translation>Vivienda asistida</translation>
    </message>
    <message>
        <source>Skilled nursing facility</source>
        <translation>Centro de enfermería especializada</translation>
    </message>
    <message>
        <source>Scheduling</source>
        <translation>Citas</translation>
    </message>
    <message>
        <source>General health</source>
        <translation>Salud general</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de atención</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medicamentos</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>Consultado</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Cambiado</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Exportado</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Impreso</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Denegado</translation>
    </message>
    <message>
        <source>Member record</source>
        <translation>Registro del miembro</translation>
    </message>
    <message>
        <source>Session note</source>
        <translation>Nota de sesión</translation>
    </message>
    <message>
        <source>Note addendum</source>
        <translation>Adenda de nota</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>Care-plan goal</source>
        <translation>Meta del plan de atención</translation>
    </message>
    <message>
        <source>Care-plan intervention</source>
        <translation>Acción del plan de atención</translation>
    </message>
    <message>
        <source>Care-plan barrier</source>
        <translation>Barrera del plan de atención</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referido</translation>
    </message>
    <message>
        <source>Care transition</source>
        <translation>Transición de cuidado</translation>
    </message>
    <message>
        <source>Lab or vital sign</source>
        <translation>Análisis o signo vital</translation>
    </message>
    <message>
        <source>Sync conflict</source>
        <translation>Conflicto de sincronización</translation>
    </message>
    <message>
        <source>Tier 1 · high risk</source>
        <translation>Nivel 1 · riesgo alto</translation>
    </message>
    <message>
        <source>Tier 2 · rising risk</source>
        <translation>Nivel 2 · riesgo en aumento</translation>
    </message>
    <message>
        <source>Tier 3 · stable</source>
        <translation>Nivel 3 · estable</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ChartRows</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Cómo</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>Enfoque</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message numerus="yes">
        <source>(+%n more)</source>
        <translation>
            <numerusform>(+%n más)</numerusform>
            <numerusform>(+%n más)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 min</source>
        <translation>%1, %2 min</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Draft, not signed</source>
        <translation>Borrador, sin firmar</translation>
    </message>
    <message numerus="yes">
        <source>%n addendum(s)</source>
        <translation>
            <numerusform>%n adenda</numerusform>
            <numerusform>%n adendas</numerusform>
        </translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolución</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Vencida hace %n día</numerusform>
            <numerusform>Vencida hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Vence hoy</translation>
    </message>
</context>
<context>
    <name>ConflictsInbox</name>
    <message>
        <source>When the same thing was changed in two places before either synced, Coach keeps the first change it received and asks you here which one to keep. Nothing is lost until you choose.</source>
        <translation>Cuando el mismo dato se cambió en dos lugares antes de que ninguno se sincronizara, Coach guarda el primer cambio que recibió y aquí le pregunta cuál conservar. No se pierde nada hasta que usted elija.</translation>
    </message>
    <message>
        <source>No conflicts. Everything you and your colleagues changed fits together.</source>
        <translation>No hay conflictos. Todo lo que usted y sus colegas cambiaron encaja.</translation>
    </message>
    <message>
        <source>Selected field:</source>
        <translation>Campo seleccionado:</translation>
    </message>
    <message>
        <source>Whole record:</source>
        <translation>Registro completo:</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>Conservar la &amp;mía</translation>
    </message>
    <message>
        <source>Keep my version of the selected field</source>
        <translation>Conservar mi versión del campo seleccionado</translation>
    </message>
    <message>
        <source>Keep &amp;theirs</source>
        <translation>Conservar la &amp;otra</translation>
    </message>
    <message>
        <source>Keep their version of the selected field</source>
        <translation>Conservar la otra versión del campo seleccionado</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Type the value to keep for the selected field</source>
        <translation>Escribir el valor que se conserva en el campo seleccionado</translation>
    </message>
    <message>
        <source>Keep all m&amp;ine</source>
        <translation>Conservar todo lo m&amp;ío</translation>
    </message>
    <message>
        <source>Keep my version of every field of this record</source>
        <translation>Conservar mi versión de todos los campos de este registro</translation>
    </message>
    <message>
        <source>Keep all thei&amp;rs</source>
        <translation>Conservar todo lo o&amp;tro</translation>
    </message>
    <message>
        <source>Keep their version of every field of this record</source>
        <translation>Conservar la otra versión de todos los campos de este registro</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>Conflictos abiertos</translation>
    </message>
    <message>
        <source>Conflicting fields: mine and theirs</source>
        <translation>Campos en conflicto: mi versión y la otra</translation>
    </message>
    <message>
        <source>No member</source>
        <translation>Sin miembro</translation>
    </message>
    <message>
        <source>Your change reached the server after someone else&apos;s; theirs is saved for now.</source>
        <translation>Su cambio llegó al servidor después del de otra persona; por ahora se guardó el de esa persona.</translation>
    </message>
    <message>
        <source>A change from another device arrived after yours; yours is saved for now.</source>
        <translation>Un cambio de otro dispositivo llegó después del suyo; por ahora se guardó el suyo.</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Yes, on %1</source>
        <translation>Sí, el %1</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>No otorgado</translation>
    </message>
    <message>
        <source>No phone number</source>
        <translation>Sin número de teléfono</translation>
    </message>
    <message>
        <source>Reaching the member</source>
        <translation>Cómo contactar al miembro</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Teléfono:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>Program consent:</source>
        <translation>Consentimiento del programa:</translation>
    </message>
    <message>
        <source>Voicemail OK:</source>
        <translation>Puede dejar mensaje de voz:</translation>
    </message>
    <message>
        <source>Text messages OK:</source>
        <translation>Puede enviar mensajes de texto:</translation>
    </message>
    <message>
        <source>Authorized contacts</source>
        <translation>Contactos autorizados</translation>
    </message>
    <message>
        <source>No authorized contacts: do not share anything about this member with family or friends.</source>
        <translation>No hay contactos autorizados: no comparta nada sobre este miembro con familiares ni amigos.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Relación</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Legal guardian</source>
        <translation>Tutor legal</translation>
    </message>
    <message>
        <source>May be told about</source>
        <translation>Se le puede informar sobre</translation>
    </message>
    <message>
        <source>Nothing (identity only)</source>
        <translation>Nada (solo la identidad)</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Pick from a calendar</source>
        <translation>Elegir en un calendario</translation>
    </message>
    <message>
        <source>Pick a date from a calendar</source>
        <translation>Elegir una fecha en un calendario</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <source>Practise with demo members?</source>
        <translation>¿Practicar con miembros de demostración?</translation>
    </message>
    <message>
        <source>&amp;Add %1 demo members to this vault</source>
        <translation>&amp;Agregar %1 miembros de demostración a esta bóveda</translation>
    </message>
    <message>
        <source>Add demo members</source>
        <translation>Agregar miembros de demostración</translation>
    </message>
    <message>
        <source>This computer is enrolled, so your real panel comes from the server. Demo members are only offered to a vault that is not enrolled, so they never mix with real ones.</source>
        <translation>Esta computadora está inscrita, así que su panel real llega del servidor. Los miembros de demostración solo se ofrecen a una bóveda no inscrita, para que nunca se mezclen con los reales.</translation>
    </message>
    <message>
        <source>Demo members are generated people (never real data) with conditions, sessions and screenings, so you can try every screen before your panel arrives.</source>
        <translation>Los miembros de demostración son personas generadas (nunca datos reales) con condiciones, sesiones y cribados, para que pueda probar todas las pantallas antes de que llegue su panel.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol this computer</source>
        <translation>Inscribir esta computadora</translation>
    </message>
    <message>
        <source>With an enrolment code from IT, this computer syncs with your organisation&apos;s Coach server. Your work so far is kept and sent at the first sync.</source>
        <translation>Con un código de inscripción de TI, esta computadora se sincroniza con el servidor de Coach de su organización. Su trabajo hasta ahora se conserva y se envía en la primera sincronización.</translation>
    </message>
</context>
<context>
    <name>EnrolForm</name>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Dirección del servidor</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>Código de &amp;inscripción</translation>
    </message>
    <message>
        <source>Au&amp;thenticator code</source>
        <translation>Código del au&amp;tenticador</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Server password</source>
        <translation>Contraseña del servidor</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Código de inscripción</translation>
    </message>
    <message>
        <source>Authenticator code</source>
        <translation>Código del autenticador</translation>
    </message>
    <message>
        <source>if your organisation uses one</source>
        <translation>si su organización lo usa</translation>
    </message>
    <message>
        <source>Enrol this &amp;computer</source>
        <translation>Inscri&amp;bir esta computadora</translation>
    </message>
    <message>
        <source>Enrol this computer</source>
        <translation>Inscribir esta computadora</translation>
    </message>
    <message>
        <source>This computer is enrolled. Your panel downloads at the first sync.</source>
        <translation>Esta computadora está inscrita. Su panel se descarga en la primera sincronización.</translation>
    </message>
    <message>
        <source>Contacting the server…</source>
        <translation>Contactando con el servidor…</translation>
    </message>
    <message>
        <source>Fill in the server address, user name, password and enrolment code.</source>
        <translation>Escriba la dirección del servidor, el usuario, la contraseña y el código de inscripción.</translation>
    </message>
    <message>
        <source>Can&apos;t reach the Coach server. You can work offline and enrol later: File ▸ Enrol this computer.</source>
        <translation>No se puede contactar con el servidor de Coach. Puede trabajar sin conexión e inscribir la computadora más tarde: Archivo ▸ Inscribir esta computadora.</translation>
    </message>
    <message>
        <source>You can also skip this and enrol later.</source>
        <translation>También puede omitir este paso e inscribir la computadora más tarde.</translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <source>Enrol this computer (optional)</source>
        <translation>Inscribir esta computadora (opcional)</translation>
    </message>
    <message>
        <source>With an enrolment code from IT, this computer syncs with your organisation&apos;s Coach server. No code yet? Press Next: you can work offline and enrol later.</source>
        <translation>Con un código de inscripción de TI, esta computadora se sincroniza con el servidor de Coach de su organización. ¿Todavía no tiene código? Presione Siguiente: puede trabajar sin conexión e inscribirla más tarde.</translation>
    </message>
</context>
<context>
    <name>FidelityDialog</name>
    <message>
        <source>Giving &amp;information</source>
        <translation>Dar &amp;información</translation>
    </message>
    <message>
        <source>&amp;Persuade</source>
        <translation>&amp;Persuadir</translation>
    </message>
    <message>
        <source>Persuade &amp;with permission</source>
        <translation>Persuadir con per&amp;miso</translation>
    </message>
    <message>
        <source>&amp;Question</source>
        <translation>Pre&amp;gunta</translation>
    </message>
    <message>
        <source>&amp;Simple reflection</source>
        <translation>Reflejo &amp;simple</translation>
    </message>
    <message>
        <source>&amp;Complex reflection</source>
        <translation>Reflejo &amp;complejo</translation>
    </message>
    <message>
        <source>&amp;Affirm</source>
        <translation>&amp;Afirmar</translation>
    </message>
    <message>
        <source>Seeking colla&amp;boration</source>
        <translation>Buscar colabo&amp;ración</translation>
    </message>
    <message>
        <source>&amp;Emphasizing autonomy</source>
        <translation>&amp;Enfatizar la autonomía</translation>
    </message>
    <message>
        <source>Co&amp;nfront</source>
        <translation>C&amp;onfrontar</translation>
    </message>
    <message>
        <source>MI-adherent</source>
        <translation>Conforme a la EM</translation>
    </message>
    <message>
        <source>MI non-adherent</source>
        <translation>No conforme a la EM</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>neutral</translation>
    </message>
    <message>
        <source>Technical global</source>
        <translation>Global técnica</translation>
    </message>
    <message>
        <source>Relational global</source>
        <translation>Global relacional</translation>
    </message>
    <message>
        <source>% complex reflections</source>
        <translation>% de reflejos complejos</translation>
    </message>
    <message>
        <source>Reflection-to-question ratio</source>
        <translation>Razón de reflejos por pregunta</translation>
    </message>
    <message>
        <source>Total MI-adherent</source>
        <translation>Total conforme a la EM</translation>
    </message>
    <message>
        <source>Total MI non-adherent</source>
        <translation>Total no conforme a la EM</translation>
    </message>
    <message>
        <source>Good (proficiency)</source>
        <translation>Bueno (dominio)</translation>
    </message>
    <message>
        <source>Fair (basic competence)</source>
        <translation>Aceptable (competencia básica)</translation>
    </message>
    <message>
        <source>Below fair</source>
        <translation>Por debajo de aceptable</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/d</translation>
    </message>
    <message>
        <source>Cultivating change talk</source>
        <translation>Cultivar el discurso de cambio</translation>
    </message>
    <message>
        <source>Softening sustain talk</source>
        <translation>Suavizar el discurso de mantenimiento</translation>
    </message>
    <message>
        <source>Partnership</source>
        <translation>Colaboración</translation>
    </message>
    <message>
        <source>Empathy</source>
        <translation>Empatía</translation>
    </message>
    <message>
        <source>no threshold</source>
        <translation>sin umbral</translation>
    </message>
    <message>
        <source>fair ≥ %1 · good ≥ %2</source>
        <translation>aceptable ≥ %1 · bueno ≥ %2</translation>
    </message>
    <message>
        <source>MI fidelity self-check</source>
        <translation>Autoevaluación de fidelidad a la EM</translation>
    </message>
    <message>
        <source>Tally each coder utterance as you listen (MITI 4.2.1; usually a random 20-minute segment). Alt+underlined letter adds one.</source>
        <translation>Cuente cada expresión codificable mientras escucha (MITI 4.2.1; normalmente un segmento aleatorio de 20 minutos). Alt + la letra subrayada suma una.</translation>
    </message>
    <message>
        <source>Behaviour counts</source>
        <translation>Conteo de conductas</translation>
    </message>
    <message>
        <source>Add one: %1</source>
        <translation>Sumar una: %1</translation>
    </message>
    <message>
        <source>Take one away: %1</source>
        <translation>Restar una: %1</translation>
    </message>
    <message>
        <source>Global ratings (1–5)</source>
        <translation>Puntuaciones globales (1–5)</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>Sin puntuar</translation>
    </message>
    <message>
        <source>Minutes coded:</source>
        <translation>Minutos codificados:</translation>
    </message>
    <message>
        <source>e.g. 20</source>
        <translation>p. ej., 20</translation>
    </message>
    <message>
        <source>Minutes coded</source>
        <translation>Minutos codificados</translation>
    </message>
    <message>
        <source>Summary scores</source>
        <translation>Puntajes resumidos</translation>
    </message>
    <message>
        <source>What to practise next (your own notes):</source>
        <translation>Qué practicar después (sus propias notas):</translation>
    </message>
    <message>
        <source>What to practise next</source>
        <translation>Qué practicar después</translation>
    </message>
    <message>
        <source>This cannot be saved: minutes coded go from 1 to 240, and each count up to 1000.</source>
        <translation>No se puede guardar: los minutos codificados van de 1 a 240, y cada conteo hasta 1000.</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <source>Not a date. Type it as 2026-12-31, or pick it from the calendar.</source>
        <translation>No es una fecha. Escríbala así: 2026-12-31, o elíjala en el calendario.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Obligatorio.</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>Demasiado largo: como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>This cannot be saved as it is: check the fields above.</source>
        <translation>No se puede guardar así: revise los campos de arriba.</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>No es válido.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Coach Desktop</source>
        <translation>Configurar Coach Desktop</translation>
    </message>
</context>
<context>
    <name>GoalForm</name>
    <message>
        <source>&amp;Goal, in the member&apos;s words:</source>
        <translation>&amp;Meta, en palabras del miembro:</translation>
    </message>
    <message>
        <source>For &amp;problem:</source>
        <translation>Para el &amp;problema:</translation>
    </message>
    <message>
        <source>M&amp;easure:</source>
        <translation>Me&amp;dida:</translation>
    </message>
    <message>
        <source>&amp;Baseline (now):</source>
        <translation>Pu&amp;nto de partida (ahora):</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Objetivo:</translation>
    </message>
    <message>
        <source>Target &amp;date:</source>
        <translation>&amp;Fecha objetivo:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>Member&apos;s &amp;confidence (0–10):</source>
        <translation>&amp;Confianza del miembro (0–10):</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>No se preguntó</translation>
    </message>
    <message>
        <source>Confidence below 7: consider a smaller step the member feels sure of.</source>
        <translation>Confianza menor que 7: considere un paso más pequeño del que el miembro se sienta seguro.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Required: a SMART goal has a date.</source>
        <translation>Obligatorio: una meta SMART tiene fecha.</translation>
    </message>
    <message>
        <source>That date has passed: choose today or later.</source>
        <translation>Esa fecha ya pasó: elija hoy o una fecha posterior.</translation>
    </message>
</context>
<context>
    <name>InterventionForm</name>
    <message>
        <source>&amp;What:</source>
        <translation>&amp;Qué:</translation>
    </message>
    <message>
        <source>&amp;Who is responsible:</source>
        <translation>&amp;Responsable:</translation>
    </message>
    <message>
        <source>Na&amp;me (if other):</source>
        <translation>&amp;Nombre (si es otro):</translation>
    </message>
    <message>
        <source>D&amp;ue date:</source>
        <translation>&amp;Fecha límite:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>For &amp;goal:</source>
        <translation>Para la &amp;meta:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Say who is responsible.</source>
        <translation>Indique quién es responsable.</translation>
    </message>
</context>
<context>
    <name>LiveResult</name>
    <message>
        <source>Result so far</source>
        <translation>Resultado hasta ahora</translation>
    </message>
    <message>
        <source>%1 of %2 questions answered</source>
        <translation>%1 de %2 preguntas respondidas</translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation>%1 hasta ahora</translation>
    </message>
    <message>
        <source>Total %1 of %2</source>
        <translation>Total: %1 de %2</translation>
    </message>
    <message>
        <source>At least %1 so far</source>
        <translation>Por ahora, al menos: %1</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>positivo</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>negativo</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Positive at %1 or more for this member (men 4, women 3).</source>
        <translation>Positivo con %1 o más para este miembro (hombres 4, mujeres 3).</translation>
    </message>
    <message>
        <source>Sex not recorded as male or female: the women&apos;s cut-off is used.</source>
        <translation>El sexo no está registrado como masculino ni femenino: se usa el punto de corte para mujeres.</translation>
    </message>
    <message>
        <source>Flags so far</source>
        <translation>Avisos hasta ahora</translation>
    </message>
    <message>
        <source>Domains</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Qué hacer</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Coach Desktop is locked</source>
        <translation>Coach Desktop está bloqueado</translation>
    </message>
    <message>
        <source>Enter your passphrase to open your vault.</source>
        <translation>Escriba su frase de contraseña para abrir su bóveda.</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase de contraseña</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Desbloqueando</translation>
    </message>
    <message>
        <source>Set Coach up again…</source>
        <translation>Volver a configurar Coach…</translation>
    </message>
    <message>
        <source>Set Coach up again</source>
        <translation>Volver a configurar Coach</translation>
    </message>
    <message>
        <source>Forgot your passphrase?</source>
        <translation>¿Olvidó su frase de contraseña?</translation>
    </message>
    <message>
        <source>Nobody can read your passphrase back: not IT, not the Coach team. Ask IT to erase this computer&apos;s vault (coachctl wipe) and enrol the computer again; everything already synced comes back from the server. If your organisation turned on the recovery key, IT can also recover changes that were not synced yet.</source>
        <translation>Nadie puede recuperar su frase de contraseña: ni TI ni el equipo de Coach. Pida a TI que borre la bóveda de esta computadora (coachctl wipe) y la vuelva a inscribir; todo lo ya sincronizado vuelve desde el servidor. Si su organización activó la clave de recuperación, TI también puede recuperar los cambios que aún no se sincronizaron.</translation>
    </message>
    <message>
        <source>This is the demo vault of synthetic members. Its passphrase is: %1</source>
        <translation>Esta es la bóveda de demostración, con miembros sintéticos. Su frase de contraseña es: %1</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. You can try again in %1.</source>
        <translation>Demasiadas frases de contraseña incorrectas. Puede volver a intentarlo en %1.</translation>
    </message>
    <message>
        <source>Last try: one more wrong passphrase erases this vault. Work already synced is safe on the server.</source>
        <translation>Último intento: una frase de contraseña incorrecta más borra esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</translation>
    </message>
    <message numerus="yes">
        <source>Careful: %n more wrong tries erase this vault. Work already synced is safe on the server.</source>
        <translation>
            <numerusform>Cuidado: %n intento incorrecto más borra esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</numerusform>
            <numerusform>Cuidado: %n intentos incorrectos más borran esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.</source>
        <translation>
            <numerusform>%n frase de contraseña incorrecta seguida. Después de 5, Coach le hace esperar entre intentos.</numerusform>
            <numerusform>%n frases de contraseña incorrectas seguidas. Después de 5, Coach le hace esperar entre intentos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.</source>
        <translation>
            <numerusform>%n frase de contraseña incorrecta seguida. Cada nuevo intento debe esperar; después de 20, la bóveda se borra.</numerusform>
            <numerusform>%n frases de contraseña incorrectas seguidas. Cada nuevo intento debe esperar; después de 20, la bóveda se borra.</numerusform>
        </translation>
    </message>
    <message>
        <source>That passphrase is not correct. Check Caps Lock and try again.</source>
        <translation>Esa frase de contraseña no es correcta. Revise Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The vault on this computer is damaged, so it was not opened. Nothing was overwritten. Ask IT for help.</source>
        <translation>La bóveda de esta computadora está dañada y no se abrió. No se sobrescribió nada. Pida ayuda a TI.</translation>
    </message>
    <message>
        <source>This vault is open in another Coach Desktop window or in coachctl. Close it, then try again.</source>
        <translation>Esta bóveda está abierta en otra ventana de Coach Desktop o en coachctl. Ciérrela e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>This vault was erased (too many wrong passphrases, or your organisation removed this computer). Set Coach up again and enrol: your synced work comes back from the server.</source>
        <translation>Esta bóveda se borró (demasiadas frases de contraseña incorrectas, o su organización retiró esta computadora). Vuelva a configurar Coach e inscriba la computadora: su trabajo sincronizado vuelve desde el servidor.</translation>
    </message>
    <message>
        <source>There is no vault in this folder yet.</source>
        <translation>Todavía no hay ninguna bóveda en esta carpeta.</translation>
    </message>
    <message>
        <source>Coach has not checked in with the server for too long and could not reach it just now. Connect to the network, then unlock again: Coach checks in first.</source>
        <translation>Coach lleva demasiado tiempo sin comunicarse con el servidor y ahora no pudo contactarlo. Conéctese a la red y vuelva a desbloquear: Coach se comunica primero con el servidor.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navegación</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Find a member</source>
        <translation>&amp;Buscar un miembro</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>&amp;Nueva sesión</translation>
    </message>
    <message>
        <source>New session note (Ctrl+N) for the member selected or open</source>
        <translation>Nueva nota de sesión (Ctrl+N) para el miembro seleccionado o abierto</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Bloquear</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Enrol this computer…</source>
        <translation>&amp;Inscribir esta computadora…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Nothing to save on this page.</source>
        <translation>No hay nada que guardar en esta página.</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
</context>
<context>
    <name>MemberHeaderWidget</name>
    <message>
        <source>Member: %1</source>
        <translation>Miembro: %1</translation>
    </message>
    <message>
        <source>Age %1</source>
        <translation>Edad: %1</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>nació el %1</translation>
    </message>
    <message>
        <source>speaks %1</source>
        <translation>idioma: %1</translation>
    </message>
    <message>
        <source>Medicaid ID %1</source>
        <translation>ID de Medicaid %1</translation>
    </message>
    <message>
        <source>PCP: %1</source>
        <translation>PCP: %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no registrado</translation>
    </message>
    <message>
        <source>Practice: %1</source>
        <translation>Consultorio: %1</translation>
    </message>
    <message>
        <source>Last contact: %1</source>
        <translation>Último contacto: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>check-in</source>
        <translation>seguimiento</translation>
    </message>
    <message>
        <source>face-to-face visit</source>
        <translation>visita en persona</translation>
    </message>
    <message>
        <source>first call after discharge</source>
        <translation>primera llamada después del alta</translation>
    </message>
    <message>
        <source>weekly call after discharge</source>
        <translation>llamada semanal después del alta</translation>
    </message>
    <message>
        <source>Next contact: %1 (%2)</source>
        <translation>Próximo contacto: %1 (%2)</translation>
    </message>
    <message>
        <source>— overdue</source>
        <translation>— vencido</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>no se registró el motivo</translation>
    </message>
    <message>
        <source>Why this tier: %1</source>
        <translation>Motivo de este nivel: %1</translation>
    </message>
    <message>
        <source>(usually %1; tier 1 for 30 days after a hospital discharge)</source>
        <translation>(normalmente %1; nivel 1 durante 30 días después de un alta hospitalaria)</translation>
    </message>
    <message numerus="yes">
        <source>%n sync conflict(s) on this member&apos;s records wait for your decision on the Sync page.</source>
        <translation>
            <numerusform>%n conflicto de sincronización en los registros de este miembro espera su decisión en la página Sincronizar.</numerusform>
            <numerusform>%n conflictos de sincronización en los registros de este miembro esperan su decisión en la página Sincronizar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Safety alert: a safety assessment is open and not yet documented (due %1).</source>
        <translation>Alerta de seguridad: hay una evaluación de seguridad abierta y aún sin documentar (vence el %1).</translation>
    </message>
    <message>
        <source>Safety alert: PHQ-9 item 9 (thoughts of death or self-harm) was positive on %1 and no safety assessment is documented yet. Assess today; crisis line 988.</source>
        <translation>Alerta de seguridad: la pregunta 9 del PHQ-9 (pensamientos de muerte o de hacerse daño) fue positiva el %1 y todavía no hay una evaluación de seguridad documentada. Evalúe hoy; línea de crisis 988.</translation>
    </message>
    <message>
        <source>Task due %1.</source>
        <translation>La tarea vence el %1.</translation>
    </message>
    <message>
        <source>ED visit at %1 on %2.</source>
        <translation>Visita a emergencias en %1 el %2.</translation>
    </message>
    <message>
        <source>Discharged from %1 on %2.</source>
        <translation>Alta de %1 el %2.</translation>
    </message>
    <message>
        <source>First contact due by %1.</source>
        <translation>Primer contacto antes del %1.</translation>
    </message>
    <message>
        <source>First contact was due by %1 — overdue.</source>
        <translation>El primer contacto vencía el %1 — vencido.</translation>
    </message>
    <message>
        <source>First contact made %1.</source>
        <translation>Primer contacto hecho el %1.</translation>
    </message>
    <message>
        <source>Tier 1 until %1.</source>
        <translation>Nivel 1 hasta el %1.</translation>
    </message>
</context>
<context>
    <name>MemberPage</name>
    <message>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <source>Opening the chart…</source>
        <translation>Abriendo el expediente…</translation>
    </message>
    <message>
        <source>This chart could not be opened.</source>
        <translation>No se pudo abrir este expediente.</translation>
    </message>
    <message>
        <source>Open a member first, then start a session.</source>
        <translation>Primero abra un miembro y luego empiece una sesión.</translation>
    </message>
    <message>
        <source>Nothing to save on this page.</source>
        <translation>No hay nada que guardar en esta página.</translation>
    </message>
    <message>
        <source>Chart sections</source>
        <translation>Secciones del expediente</translation>
    </message>
    <message>
        <source>Open a member from Today or the Panel to see their chart.</source>
        <translation>Abra un miembro desde Hoy o desde el Panel para ver su expediente.</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Resumen</translation>
    </message>
    <message>
        <source>&amp;Sessions (%1)</source>
        <translation>&amp;Sesiones (%1)</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sesiones</translation>
    </message>
    <message>
        <source>Care &amp;plan</source>
        <translation>&amp;Plan de atención</translation>
    </message>
    <message>
        <source>Scree&amp;nings (%1)</source>
        <translation>E&amp;valuaciones (%1)</translation>
    </message>
    <message>
        <source>Scree&amp;nings</source>
        <translation>E&amp;valuaciones</translation>
    </message>
    <message>
        <source>&amp;Referrals &amp;&amp; transitions</source>
        <translation>Re&amp;feridos y hospital</translation>
    </message>
    <message>
        <source>&amp;Tasks (%1 open)</source>
        <translation>&amp;Tareas (abiertas: %1)</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>&amp;Tareas</translation>
    </message>
    <message>
        <source>&amp;Contacts &amp;&amp; consent</source>
        <translation>&amp;Contactos y permisos</translation>
    </message>
    <message>
        <source>A&amp;udit</source>
        <translation>A&amp;uditoría</translation>
    </message>
</context>
<context>
    <name>MergedValueDialog</name>
    <message>
        <source>Edit the value to keep</source>
        <translation>Editar el valor que se conserva</translation>
    </message>
    <message>
        <source>Type the value to keep for “%1”. It replaces both versions.</source>
        <translation>Escriba el valor que se conserva para “%1”. Reemplaza las dos versiones.</translation>
    </message>
    <message>
        <source>Theirs: %1</source>
        <translation>La otra versión: %1</translation>
    </message>
    <message>
        <source>Value to keep</source>
        <translation>Valor que se conserva</translation>
    </message>
    <message>
        <source>Keep this value</source>
        <translation>Conservar este valor</translation>
    </message>
</context>
<context>
    <name>NoteFormView</name>
    <message>
        <source>1 · The visit</source>
        <translation>1 · La visita</translation>
    </message>
    <message>
        <source>2 · Topics and target behaviours</source>
        <translation>2 · Temas y conductas objetivo</translation>
    </message>
    <message>
        <source>3 · What the member said</source>
        <translation>3 · Lo que dijo el miembro</translation>
    </message>
    <message>
        <source>4 · MI skills used (OARS)</source>
        <translation>4 · Habilidades de EM usadas (OARS)</translation>
    </message>
    <message>
        <source>5 · Narrative</source>
        <translation>5 · Narrativa</translation>
    </message>
    <message>
        <source>6 · Plan and next contact</source>
        <translation>6 · Plan y próximo contacto</translation>
    </message>
    <message>
        <source>Addenda (corrections to the signed note)</source>
        <translation>Adendas (correcciones a la nota firmada)</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Cuándo:</translation>
    </message>
    <message>
        <source>How:</source>
        <translation>Cómo:</translation>
    </message>
    <message>
        <source>Minutes:</source>
        <translation>Minutos:</translation>
    </message>
    <message>
        <source>Present:</source>
        <translation>Presentes:</translation>
    </message>
    <message>
        <source>Date and time of the session</source>
        <translation>Fecha y hora de la sesión</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>Modalidad: %1</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>e.g. 30</source>
        <translation>p. ej., 30</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Temas:</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Separate with commas, e.g. blood pressure, medicines, food</source>
        <translation>Sepárelos con comas, p. ej., presión arterial, medicamentos, comida</translation>
    </message>
    <message>
        <source>Rulers: 0 = not at all, 10 = extremely. Click a number, or use the arrow keys or type the number; Delete clears.</source>
        <translation>Reglas: 0 = nada, 10 = muchísimo. Haga clic en un número, o use las flechas o escriba el número; Supr borra.</translation>
    </message>
    <message>
        <source>Add a behaviour</source>
        <translation>Agregar una conducta</translation>
    </message>
    <message>
        <source>Change talk heard (tick each kind; their words are optional):</source>
        <translation>Discurso de cambio escuchado (marque cada tipo; sus palabras son opcionales):</translation>
    </message>
    <message>
        <source>Preparatory: desire, ability, reasons, need</source>
        <translation>Preparatorio: deseo, capacidad, razones, necesidad</translation>
    </message>
    <message>
        <source>Mobilizing: commitment, activation, taking steps</source>
        <translation>Movilizador: compromiso, activación, dando pasos</translation>
    </message>
    <message>
        <source>Sustain talk (reasons not to change), one per line:</source>
        <translation>Discurso de mantenimiento (razones para no cambiar), uno por línea:</translation>
    </message>
    <message>
        <source>Sustain talk</source>
        <translation>Discurso de mantenimiento</translation>
    </message>
    <message>
        <source>Used: %1</source>
        <translation>Usadas: %1</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Narrativa</translation>
    </message>
    <message>
        <source>What happened in the session, in a few sentences.</source>
        <translation>Qué pasó en la sesión, en pocas oraciones.</translation>
    </message>
    <message>
        <source>Agreed next steps:</source>
        <translation>Próximos pasos acordados:</translation>
    </message>
    <message>
        <source>Next contact:</source>
        <translation>Próximo contacto:</translation>
    </message>
    <message>
        <source>Agreed next steps</source>
        <translation>Próximos pasos acordados</translation>
    </message>
    <message>
        <source>What the member will try, and what the coach will do.</source>
        <translation>Lo que el miembro intentará y lo que hará el coach.</translation>
    </message>
    <message>
        <source>Next contact date</source>
        <translation>Fecha del próximo contacto</translation>
    </message>
    <message>
        <source>Use the schedule</source>
        <translation>Usar la fecha programada</translation>
    </message>
    <message>
        <source>No addenda yet.</source>
        <translation>Todavía no hay adendas.</translation>
    </message>
    <message>
        <source>New addendum:</source>
        <translation>Nueva adenda:</translation>
    </message>
    <message>
        <source>New addendum</source>
        <translation>Nueva adenda</translation>
    </message>
    <message>
        <source>Present: %1</source>
        <translation>Presentes: %1</translation>
    </message>
    <message>
        <source>Not consented to hear health matters, so not offered: %1</source>
        <translation>Sin consentimiento para escuchar temas de salud, por eso no se ofrece: %1</translation>
    </message>
    <message>
        <source>%1 (%2), may hear: %3</source>
        <translation>%1 (%2), puede escuchar: %3</translation>
    </message>
    <message>
        <source>routine contact</source>
        <translation>contacto de rutina</translation>
    </message>
    <message>
        <source>face-to-face visit due</source>
        <translation>visita en persona pendiente</translation>
    </message>
    <message>
        <source>first contact after the discharge</source>
        <translation>primer contacto después del alta</translation>
    </message>
    <message>
        <source>weekly after the discharge</source>
        <translation>semanal después del alta</translation>
    </message>
    <message>
        <source>%1 schedule: due by %2 (%3).</source>
        <translation>Calendario de %1: antes del %2 (%3).</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>No chronic conditions recorded.</source>
        <translation>No hay condiciones crónicas registradas.</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Condiciones</translation>
    </message>
    <message>
        <source>Latest labs and vitals</source>
        <translation>Últimos análisis y signos vitales</translation>
    </message>
    <message>
        <source>No labs or vitals on record.</source>
        <translation>No hay análisis ni signos vitales registrados.</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de atención</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Goals:</source>
        <translation>Metas:</translation>
    </message>
    <message>
        <source>Interventions:</source>
        <translation>Acciones:</translation>
    </message>
    <message>
        <source>Barriers:</source>
        <translation>Barreras:</translation>
    </message>
    <message>
        <source>Review due:</source>
        <translation>Próxima revisión:</translation>
    </message>
    <message>
        <source>In their words:</source>
        <translation>En sus palabras:</translation>
    </message>
    <message>
        <source>No care plan yet.</source>
        <translation>Todavía no hay plan de atención.</translation>
    </message>
    <message>
        <source>Last sessions</source>
        <translation>Últimas sesiones</translation>
    </message>
    <message>
        <source>No sessions recorded yet.</source>
        <translation>Todavía no hay sesiones registradas.</translation>
    </message>
    <message>
        <source>Upcoming tasks</source>
        <translation>Próximas tareas</translation>
    </message>
    <message>
        <source>No open tasks.</source>
        <translation>No hay tareas abiertas.</translation>
    </message>
    <message>
        <source>%1 — overdue</source>
        <translation>%1 — vencida</translation>
    </message>
    <message>
        <source>%1 active of %2</source>
        <translation>activas: %1 de %2</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n abierta</numerusform>
            <numerusform>%n abiertas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unresolved</source>
        <translation>
            <numerusform>%n sin resolver</numerusform>
            <numerusform>%n sin resolver</numerusform>
        </translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
</context>
<context>
    <name>PanelPage</name>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Buscar:</translation>
    </message>
    <message>
        <source>Name or Medicaid ID</source>
        <translation>Nombre o ID de Medicaid</translation>
    </message>
    <message>
        <source>Search members by name or Medicaid ID</source>
        <translation>Buscar miembros por nombre o ID de Medicaid</translation>
    </message>
    <message>
        <source>&amp;Risk:</source>
        <translation>&amp;Riesgo:</translation>
    </message>
    <message>
        <source>&amp;Condition:</source>
        <translation>&amp;Condición:</translation>
    </message>
    <message>
        <source>&amp;Enrollment:</source>
        <translation>&amp;Inscripción:</translation>
    </message>
    <message>
        <source>&amp;Overdue only</source>
        <translation>Solo &amp;vencidos</translation>
    </message>
    <message>
        <source>Only members whose next contact is overdue</source>
        <translation>Solo los miembros cuyo próximo contacto está vencido</translation>
    </message>
    <message>
        <source>Clear &amp;filters</source>
        <translation>Borrar &amp;filtros</translation>
    </message>
    <message>
        <source>Clear the search and all filters</source>
        <translation>Borrar la búsqueda y todos los filtros</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Miembros</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>Todos los niveles</translation>
    </message>
    <message>
        <source>Risk tier filter</source>
        <translation>Filtro de nivel de riesgo</translation>
    </message>
    <message>
        <source>All conditions</source>
        <translation>Todas las condiciones</translation>
    </message>
    <message>
        <source>Condition filter</source>
        <translation>Filtro de condición</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>Enrollment status filter</source>
        <translation>Filtro de estado de inscripción</translation>
    </message>
    <message>
        <source>No member matches</source>
        <translation>Ningún miembro coincide</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n miembro</numerusform>
            <numerusform>%n miembros</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PanelTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Risk tier</source>
        <translation>Nivel de riesgo</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Condiciones</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Último contacto</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Próximo contacto</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Medicaid ID</source>
        <translation>ID de Medicaid</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Ya toca</translation>
    </message>
    <message>
        <source>Safety alert</source>
        <translation>Alerta de seguridad</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Choose your passphrase</source>
        <translation>Elija su frase de contraseña</translation>
    </message>
    <message>
        <source>The vault is yours alone: enter the user name IT gave you for Coach. For the passphrase use at least 12 characters; a short sentence of four or five unrelated words is strong and easy to remember.</source>
        <translation>La bóveda es solo suya: escriba el usuario de Coach que le dio TI. Para la frase de contraseña use al menos 12 caracteres; una frase corta de cuatro o cinco palabras sin relación entre sí es fuerte y fácil de recordar.</translation>
    </message>
    <message>
        <source>Your Coach &amp;user name</source>
        <translation>Su &amp;usuario de Coach</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase de contraseña</translation>
    </message>
    <message>
        <source>&amp;Repeat it</source>
        <translation>&amp;Repítala</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Fortaleza</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Repita la frase de contraseña</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Fortaleza de la frase de contraseña</translation>
    </message>
    <message>
        <source>as IT gave it to you, e.g. ana.lopez</source>
        <translation>tal como se lo dio TI, p. ej. ana.lopez</translation>
    </message>
    <message>
        <source>&amp;Create vault</source>
        <translation>&amp;Crear bóveda</translation>
    </message>
    <message>
        <source>Very weak</source>
        <translation>Muy débil</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Débil</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Aceptable</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Fuerte</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Muy fuerte</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
</context>
<context>
    <name>PlanForm</name>
    <message>
        <source>Plan s&amp;tatus:</source>
        <translation>Es&amp;tado del plan:</translation>
    </message>
    <message>
        <source>Next re&amp;view:</source>
        <translation>Próxima re&amp;visión:</translation>
    </message>
    <message>
        <source>In the member&apos;s o&amp;wn words:</source>
        <translation>En las pr&amp;opias palabras del miembro:</translation>
    </message>
    <message>
        <source>Strengths and &amp;supports:</source>
        <translation>Fortalezas y &amp;apoyos:</translation>
    </message>
    <message>
        <source>Give the next review date.</source>
        <translation>Indique la fecha de la próxima revisión.</translation>
    </message>
    <message>
        <source>That date has passed: choose today or later.</source>
        <translation>Esa fecha ya pasó: elija hoy o una fecha posterior.</translation>
    </message>
</context>
<context>
    <name>PrintPlanDialog</name>
    <message>
        <source>Print the member&apos;s plan</source>
        <translation>Imprimir el plan del miembro</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés (English)</translation>
    </message>
    <message>
        <source>Spanish (Español)</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>The plan is saved as a PDF you can print or hand over. It lists the member&apos;s goals and next steps in plain words, and who to call.</source>
        <translation>El plan se guarda como un PDF que puede imprimir o entregar. Muestra las metas del miembro y los próximos pasos en palabras sencillas, y a quién llamar.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Su &amp;nombre:</translation>
    </message>
    <message>
        <source>Your &amp;phone:</source>
        <translation>Su &amp;teléfono:</translation>
    </message>
    <message>
        <source>&amp;Hours (optional):</source>
        <translation>&amp;Horario (opcional):</translation>
    </message>
    <message>
        <source>Give your name and phone: the member needs to know who to call.</source>
        <translation>Escriba su nombre y teléfono: el miembro necesita saber a quién llamar.</translation>
    </message>
    <message>
        <source>Save the printed plan</source>
        <translation>Guardar el plan impreso</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProblemForm</name>
    <message>
        <source>&amp;Problem:</source>
        <translation>&amp;Problema:</translation>
    </message>
    <message>
        <source>Linked &amp;condition:</source>
        <translation>&amp;Condición vinculada:</translation>
    </message>
    <message>
        <source>Or &amp;social need:</source>
        <translation>O &amp;necesidad social:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Link a condition or a social need, not both.</source>
        <translation>Vincule una condición o una necesidad social, no ambas.</translation>
    </message>
</context>
<context>
    <name>ProgressForm</name>
    <message>
        <source>O&amp;n:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Valor:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>Progress is recorded on or before today.</source>
        <translation>El progreso se registra con fecha de hoy o anterior.</translation>
    </message>
    <message>
        <source>Give a value or a note.</source>
        <translation>Escriba un valor o una nota.</translation>
    </message>
</context>
<context>
    <name>ReferralsTab</name>
    <message>
        <source>Referrals</source>
        <translation>Referidos</translation>
    </message>
    <message>
        <source>No referrals.</source>
        <translation>No hay referidos.</translation>
    </message>
    <message>
        <source>Hospital and ED transitions</source>
        <translation>Transiciones de hospital y emergencias</translation>
    </message>
    <message>
        <source>No admissions, discharges or ED visits on record.</source>
        <translation>No hay ingresos, altas ni visitas a emergencias registrados.</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Expected by</source>
        <translation>Esperado antes del</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>%1 — overdue</source>
        <translation>%1 — vencido</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>Centro</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>Ingresó</translation>
    </message>
    <message>
        <source>Went to</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>Follow-up by</source>
        <translation>Seguimiento antes del</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>Primer contacto</translation>
    </message>
    <message>
        <source>Mental health</source>
        <translation>Salud mental</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Todavía no</translation>
    </message>
</context>
<context>
    <name>ResourceOffer</name>
    <message>
        <source>%1: matching resources</source>
        <translation>%1: recursos que corresponden</translation>
    </message>
    <message>
        <source>Resources for %1</source>
        <translation>Recursos para %1</translation>
    </message>
    <message>
        <source>Offer this only in private, when the member is alone and it is safe to talk.</source>
        <translation>Ofrezca esto solo en privado, cuando el miembro esté a solas y pueda hablar con seguridad.</translation>
    </message>
    <message>
        <source>No %1 resources in the directory yet. Ask your supervisor where to refer.</source>
        <translation>Todavía no hay recursos de %1 en el directorio. Pregunte a su supervisor adónde referir.</translation>
    </message>
    <message>
        <source>&amp;Refer to the selected resource</source>
        <translation>&amp;Referir al recurso seleccionado</translation>
    </message>
    <message>
        <source>Refer to the selected resource for %1</source>
        <translation>Referir al recurso seleccionado para %1</translation>
    </message>
    <message>
        <source>Referral sent to %1. A follow-up task is due %2.</source>
        <translation>Referido enviado a %1. Hay una tarea de seguimiento que vence el %2.</translation>
    </message>
</context>
<context>
    <name>RevisionHistoryDialog</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Strengths</source>
        <translation>Fortalezas</translation>
    </message>
    <message>
        <source>Member&apos;s words</source>
        <translation>Palabras del miembro</translation>
    </message>
    <message>
        <source>Review due</source>
        <translation>Próxima revisión</translation>
    </message>
    <message>
        <source>Last reviewed</source>
        <translation>Última revisión</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Punto de partida</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Target date</source>
        <translation>Fecha objetivo</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Who is responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Who (other)</source>
        <translation>Responsable (otro)</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fecha límite</translation>
    </message>
    <message>
        <source>For goal</source>
        <translation>Para la meta</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(eliminado)</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>se agregó %1</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>No change</source>
        <translation>Sin cambios</translation>
    </message>
    <message>
        <source>this plan</source>
        <translation>este plan</translation>
    </message>
    <message>
        <source>No changes recorded yet.</source>
        <translation>Todavía no hay cambios registrados.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Change (old → new)</source>
        <translation>Cambio (antes → ahora)</translation>
    </message>
</context>
<context>
    <name>RuleText</name>
    <message>
        <source>Safety alert (item 9): do a same-day suicide-risk assessment (for example C-SSRS or ASQ), make a warm handoff to the PCP or behavioral health, and give crisis resources (call or text 988). Acknowledge and document it.</source>
        <translation>Alerta de seguridad (pregunta 9): haga hoy mismo una evaluación del riesgo de suicidio (por ejemplo, C-SSRS o ASQ), haga una transferencia directa (warm handoff) al PCP o a salud mental, y dé recursos de crisis (llamar o enviar un mensaje de texto al 988). Confírmela y documéntela.</translation>
    </message>
    <message>
        <source>Answers fit a provisional major depressive syndrome. This is not a diagnosis: share it with the PCP.</source>
        <translation>Las respuestas corresponden a un posible síndrome depresivo mayor. No es un diagnóstico: compártalo con el PCP.</translation>
    </message>
    <message>
        <source>Answers fit a provisional other depressive syndrome. This is not a diagnosis: share it with the PCP.</source>
        <translation>Las respuestas corresponden a un posible otro síndrome depresivo. No es un diagnóstico: compártalo con el PCP.</translation>
    </message>
    <message>
        <source>Positive depression screen: tell the PCP and offer a behavioral-health referral.</source>
        <translation>Evaluación de depresión positiva: avise al PCP y ofrezca un referido a salud mental.</translation>
    </message>
    <message>
        <source>Positive PHQ-2: give the full PHQ-9 now.</source>
        <translation>PHQ-2 positivo: aplique ahora el PHQ-9 completo.</translation>
    </message>
    <message>
        <source>Positive GAD-2: give the full GAD-7 now.</source>
        <translation>GAD-2 positivo: aplique ahora el GAD-7 completo.</translation>
    </message>
    <message>
        <source>Positive anxiety screen: tell the PCP and offer a behavioral-health referral.</source>
        <translation>Evaluación de ansiedad positiva: avise al PCP y ofrezca un referido a salud mental.</translation>
    </message>
    <message>
        <source>Positive alcohol screen: talk about drinking in an MI style and tell the PCP.</source>
        <translation>Evaluación de alcohol positiva: hable sobre el consumo con el estilo de la entrevista motivacional y avise al PCP.</translation>
    </message>
    <message>
        <source>All points come from how often the member drinks (questions 2 and 3 are 0). Review the intake before calling it positive: this is probably drinking within limits.</source>
        <translation>Todos los puntos vienen de la frecuencia con que el miembro bebe (las preguntas 2 y 3 son 0). Revise el consumo antes de considerarla positiva: probablemente bebe dentro de los límites.</translation>
    </message>
    <message>
        <source>Score suggests a possible alcohol use disorder: tell the PCP and discuss a referral.</source>
        <translation>El puntaje sugiere un posible trastorno por consumo de alcohol: avise al PCP y hable de un referido.</translation>
    </message>
    <message>
        <source>Sex not recorded as male or female: the lower (women&apos;s) AUDIT-C cutoff was used.</source>
        <translation>El sexo no está registrado como masculino ni femenino: se usó el punto de corte más bajo del AUDIT-C (el de mujeres).</translation>
    </message>
    <message>
        <source>Housing need: offer a housing referral and set a follow-up task.</source>
        <translation>Necesidad de vivienda: ofrezca un referido de vivienda y cree una tarea de seguimiento.</translation>
    </message>
    <message>
        <source>Food need: offer a food resource referral and set a follow-up task.</source>
        <translation>Necesidad de alimentos: ofrezca un referido a un recurso de alimentos y cree una tarea de seguimiento.</translation>
    </message>
    <message>
        <source>Transportation need: offer a transportation referral and set a follow-up task.</source>
        <translation>Necesidad de transporte: ofrezca un referido de transporte y cree una tarea de seguimiento.</translation>
    </message>
    <message>
        <source>Utilities need: offer a utility-assistance referral and set a follow-up task.</source>
        <translation>Necesidad de servicios públicos: ofrezca un referido de ayuda con los servicios y cree una tarea de seguimiento.</translation>
    </message>
    <message>
        <source>Interpersonal safety concern: plan a private, safety-planned follow-up. Never show or discuss this where a companion could see or hear.</source>
        <translation>Preocupación por la seguridad personal: planifique un seguimiento privado y seguro. Nunca muestre ni hable de esto donde un acompañante pueda verlo u oírlo.</translation>
    </message>
    <message>
        <source>Some questions were not answered: ask them when it is private and appropriate.</source>
        <translation>Algunas preguntas quedaron sin responder: hágalas cuando haya privacidad y sea apropiado.</translation>
    </message>
    <message>
        <source>Urgent: same-day follow-up on a screening</source>
        <translation>Urgente: seguimiento hoy mismo de una evaluación</translation>
    </message>
    <message>
        <source>Give the full PHQ-9</source>
        <translation>Aplicar el PHQ-9 completo</translation>
    </message>
    <message>
        <source>Give the full GAD-7</source>
        <translation>Aplicar el GAD-7 completo</translation>
    </message>
    <message>
        <source>Full instrument given.</source>
        <translation>Se aplicó el instrumento completo.</translation>
    </message>
    <message>
        <source>Review the care plan with the member</source>
        <translation>Revisar el plan de atención con el miembro</translation>
    </message>
    <message>
        <source>Care plan reviewed.</source>
        <translation>Plan de atención revisado.</translation>
    </message>
    <message>
        <source>Review date changed.</source>
        <translation>Se cambió la fecha de revisión.</translation>
    </message>
    <message>
        <source>Check the referral happened</source>
        <translation>Confirmar que el referido se realizó</translation>
    </message>
    <message>
        <source>Contact due</source>
        <translation>Contacto pendiente</translation>
    </message>
    <message>
        <source>Post-discharge call</source>
        <translation>Llamada después del alta</translation>
    </message>
    <message>
        <source>Medication reconciliation</source>
        <translation>Conciliación de medicamentos</translation>
    </message>
    <message>
        <source>PCP visit after discharge</source>
        <translation>Visita al PCP después del alta</translation>
    </message>
    <message>
        <source>Care-plan review after discharge</source>
        <translation>Revisión del plan de atención después del alta</translation>
    </message>
    <message>
        <source>Behavioral-health follow-up</source>
        <translation>Seguimiento de salud mental</translation>
    </message>
</context>
<context>
    <name>ScoreHistoryChart</name>
    <message>
        <source>Score history</source>
        <translation>Historial de puntajes</translation>
    </message>
    <message>
        <source>%1: no scores to chart.</source>
        <translation>%1: no hay puntajes para graficar.</translation>
    </message>
    <message>
        <source>%1 totals, oldest first</source>
        <translation>Totales de %1, del más antiguo al más reciente</translation>
    </message>
    <message>
        <source>%1 (%2) on %3</source>
        <translation>%1 (%2) el %3</translation>
    </message>
    <message>
        <source>(item 9 positive)</source>
        <translation>(pregunta 9 positiva)</translation>
    </message>
    <message>
        <source>This screening has no total score to chart.</source>
        <translation>Esta evaluación no tiene un puntaje total para graficar.</translation>
    </message>
    <message>
        <source>No scores yet.</source>
        <translation>Todavía no hay puntajes.</translation>
    </message>
</context>
<context>
    <name>ScreeningDialog</name>
    <message>
        <source>Discard answers?</source>
        <translation>¿Descartar las respuestas?</translation>
    </message>
    <message>
        <source>The answers given so far are not saved. Discard them?</source>
        <translation>Las respuestas dadas hasta ahora no se guardaron. ¿Descartarlas?</translation>
    </message>
    <message>
        <source>New screening</source>
        <translation>Nueva evaluación</translation>
    </message>
    <message>
        <source>For %1</source>
        <translation>Para %1</translation>
    </message>
    <message>
        <source>&amp;Save screening</source>
        <translation>&amp;Guardar evaluación</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Guardar (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save screening</source>
        <translation>Guardar evaluación</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Questions still to answer: %1. They are marked in red.</source>
        <translation>Preguntas por responder: %1. Están marcadas en rojo.</translation>
    </message>
    <message>
        <source>Answer at least one question before saving.</source>
        <translation>Responda al menos una pregunta antes de guardar.</translation>
    </message>
    <message>
        <source>The screening was not saved.</source>
        <translation>La evaluación no se guardó.</translation>
    </message>
    <message>
        <source>Positive social-needs screening: %1</source>
        <translation>Evaluación de necesidades sociales positiva: %1</translation>
    </message>
</context>
<context>
    <name>ScreeningForm</name>
    <message>
        <source>&amp;Screening:</source>
        <translation>&amp;Evaluación:</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Preguntas</translation>
    </message>
</context>
<context>
    <name>ScreeningItems</name>
    <message>
        <source>Not at all</source>
        <translation>Ningún día</translation>
    </message>
    <message>
        <source>Several days</source>
        <translation>Varios días</translation>
    </message>
    <message>
        <source>More than half the days</source>
        <translation>Más de la mitad de los días</translation>
    </message>
    <message>
        <source>Nearly every day</source>
        <translation>Casi todos los días</translation>
    </message>
    <message>
        <source>Not difficult at all</source>
        <translation>No ha sido difícil</translation>
    </message>
    <message>
        <source>Somewhat difficult</source>
        <translation>Un poco difícil</translation>
    </message>
    <message>
        <source>Very difficult</source>
        <translation>Muy difícil</translation>
    </message>
    <message>
        <source>Extremely difficult</source>
        <translation>Extremadamente difícil</translation>
    </message>
    <message>
        <source>Over the last 2 weeks, how often have you been bothered by…</source>
        <translation>Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a…</translation>
    </message>
    <message>
        <source>Little interest or pleasure in doing things</source>
        <translation>Poco interés o placer en hacer cosas</translation>
    </message>
    <message>
        <source>Feeling down, depressed or hopeless</source>
        <translation>Sentirse decaído(a), deprimido(a) o sin esperanzas</translation>
    </message>
    <message>
        <source>Trouble sleeping (too little or too much)</source>
        <translation>Dificultad para dormir (muy poco o demasiado)</translation>
    </message>
    <message>
        <source>Feeling tired or having little energy</source>
        <translation>Sentirse cansado(a) o con poca energía</translation>
    </message>
    <message>
        <source>Poor appetite or overeating</source>
        <translation>Poco apetito o comer en exceso</translation>
    </message>
    <message>
        <source>Feeling bad about yourself, or that you are a failure</source>
        <translation>Sentirse mal con usted mismo(a), o que es un fracaso</translation>
    </message>
    <message>
        <source>Trouble concentrating</source>
        <translation>Dificultad para concentrarse</translation>
    </message>
    <message>
        <source>Moving or speaking slowly, or being restless</source>
        <translation>Moverse o hablar muy lento, o estar muy inquieto(a)</translation>
    </message>
    <message>
        <source>Thoughts that you would be better off dead, or of hurting yourself</source>
        <translation>Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera</translation>
    </message>
    <message>
        <source>Feeling nervous, anxious or on edge</source>
        <translation>Sentirse nervioso(a), ansioso(a) o con los nervios de punta</translation>
    </message>
    <message>
        <source>Not being able to stop or control worrying</source>
        <translation>No poder dejar de preocuparse ni controlar la preocupación</translation>
    </message>
    <message>
        <source>Worrying too much about different things</source>
        <translation>Preocuparse demasiado por diferentes cosas</translation>
    </message>
    <message>
        <source>Trouble relaxing</source>
        <translation>Dificultad para relajarse</translation>
    </message>
    <message>
        <source>Being so restless that it is hard to sit still</source>
        <translation>Estar tan inquieto(a) que le cuesta quedarse quieto(a)</translation>
    </message>
    <message>
        <source>Becoming easily annoyed or irritable</source>
        <translation>Molestarse o irritarse fácilmente</translation>
    </message>
    <message>
        <source>Feeling afraid, as if something awful might happen</source>
        <translation>Sentir miedo, como si algo terrible fuera a pasar</translation>
    </message>
    <message>
        <source>If you checked off any problems, how difficult have they made it to do your work, take care of things at home, or get along with other people? (Not scored.)</source>
        <translation>Si marcó cualquiera de los problemas, ¿qué tan difícil se le ha hecho cumplir con su trabajo, atender su casa o relacionarse con otras personas? (No se puntúa.)</translation>
    </message>
    <message>
        <source>How often do you have a drink containing alcohol?</source>
        <translation>¿Con qué frecuencia toma alguna bebida que contenga alcohol?</translation>
    </message>
    <message>
        <source>How many standard drinks do you have on a typical day when you are drinking?</source>
        <translation>¿Cuántas bebidas estándar toma en un día típico en que bebe?</translation>
    </message>
    <message>
        <source>How often do you have 6 or more drinks on one occasion?</source>
        <translation>¿Con qué frecuencia toma 6 o más bebidas en una sola ocasión?</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>Monthly or less</source>
        <translation>Una vez al mes o menos</translation>
    </message>
    <message>
        <source>2–4 times a month</source>
        <translation>De 2 a 4 veces al mes</translation>
    </message>
    <message>
        <source>2–3 times a week</source>
        <translation>De 2 a 3 veces a la semana</translation>
    </message>
    <message>
        <source>4 or more times a week</source>
        <translation>4 o más veces a la semana</translation>
    </message>
    <message>
        <source>1 or 2</source>
        <translation>1 o 2</translation>
    </message>
    <message>
        <source>3 or 4</source>
        <translation>3 o 4</translation>
    </message>
    <message>
        <source>5 or 6</source>
        <translation>5 o 6</translation>
    </message>
    <message>
        <source>7 to 9</source>
        <translation>De 7 a 9</translation>
    </message>
    <message>
        <source>10 or more</source>
        <translation>10 o más</translation>
    </message>
    <message>
        <source>Less than monthly</source>
        <translation>Menos de una vez al mes</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>Una vez al mes</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Una vez a la semana</translation>
    </message>
    <message>
        <source>Daily or almost daily</source>
        <translation>A diario o casi a diario</translation>
    </message>
    <message>
        <source>Often true</source>
        <translation>Con frecuencia es cierto</translation>
    </message>
    <message>
        <source>Sometimes true</source>
        <translation>A veces es cierto</translation>
    </message>
    <message>
        <source>Never true</source>
        <translation>Nunca es cierto</translation>
    </message>
    <message>
        <source>Rarely</source>
        <translation>Rara vez</translation>
    </message>
    <message>
        <source>Sometimes</source>
        <translation>A veces</translation>
    </message>
    <message>
        <source>Fairly often</source>
        <translation>Con bastante frecuencia</translation>
    </message>
    <message>
        <source>Frequently</source>
        <translation>Frecuentemente</translation>
    </message>
    <message>
        <source>I have a steady place to live</source>
        <translation>Tengo un lugar estable donde vivir</translation>
    </message>
    <message>
        <source>I have a place to live today, but I am worried about losing it in the future</source>
        <translation>Tengo un lugar donde vivir hoy, pero me preocupa perderlo en el futuro</translation>
    </message>
    <message>
        <source>I do not have a steady place to live (staying with others, in a shelter, in a car, on the street…)</source>
        <translation>No tengo un lugar estable donde vivir (me quedo con otras personas, en un albergue, en un carro, en la calle…)</translation>
    </message>
    <message>
        <source>Pests such as bugs, ants or mice</source>
        <translation>Plagas como insectos, hormigas o ratones</translation>
    </message>
    <message>
        <source>Mold</source>
        <translation>Moho</translation>
    </message>
    <message>
        <source>Lead paint or pipes</source>
        <translation>Pintura o tuberías con plomo</translation>
    </message>
    <message>
        <source>Lack of heat</source>
        <translation>Falta de calefacción</translation>
    </message>
    <message>
        <source>Oven or stove not working</source>
        <translation>El horno o la estufa no funcionan</translation>
    </message>
    <message>
        <source>Smoke detectors missing or not working</source>
        <translation>Detectores de humo que faltan o no funcionan</translation>
    </message>
    <message>
        <source>Water leaks</source>
        <translation>Goteras o fugas de agua</translation>
    </message>
    <message>
        <source>None of these</source>
        <translation>Ninguna de estas</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Already shut off</source>
        <translation>Ya me los cortaron</translation>
    </message>
    <message>
        <source>What is your living situation today?</source>
        <translation>¿Cuál es su situación de vivienda hoy?</translation>
    </message>
    <message>
        <source>Think about the place you live. Do you have problems with any of these? (Tick all that apply.)</source>
        <translation>Piense en el lugar donde vive. ¿Tiene problemas con alguna de estas cosas? (Marque todas las que correspondan.)</translation>
    </message>
    <message>
        <source>In the past 12 months, you worried that your food would run out before you got money to buy more.</source>
        <translation>En los últimos 12 meses, le preocupó que la comida se acabara antes de tener dinero para comprar más.</translation>
    </message>
    <message>
        <source>In the past 12 months, the food you bought just didn&apos;t last and you didn&apos;t have money to get more.</source>
        <translation>En los últimos 12 meses, la comida que compró no le alcanzó y no tenía dinero para comprar más.</translation>
    </message>
    <message>
        <source>In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work, or getting things you need for daily living?</source>
        <translation>En los últimos 12 meses, ¿la falta de transporte confiable le ha impedido ir a citas médicas, reuniones o al trabajo, o conseguir las cosas que necesita para la vida diaria?</translation>
    </message>
    <message>
        <source>In the past 12 months, has the electric, gas, oil or water company threatened to shut off services in your home?</source>
        <translation>En los últimos 12 meses, ¿la compañía de electricidad, gas, petróleo o agua ha amenazado con cortar los servicios en su hogar?</translation>
    </message>
    <message>
        <source>Housing</source>
        <translation>Vivienda</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>Seguridad</translation>
    </message>
    <message>
        <source>Ask these only when the member is alone and it is safe to talk. A positive answer is never shown where a companion could see it.</source>
        <translation>Haga estas preguntas solo cuando el miembro esté a solas y pueda hablar con seguridad. Una respuesta positiva nunca se muestra donde un acompañante pueda verla.</translation>
    </message>
    <message>
        <source>How often does anyone, including family and friends, %1</source>
        <translation>¿Con qué frecuencia alguien, incluidos familiares y amigos, %1</translation>
    </message>
    <message>
        <source>physically hurt you?</source>
        <translation>le lastima físicamente?</translation>
    </message>
    <message>
        <source>insult or talk down to you?</source>
        <translation>le insulta o le habla con desprecio?</translation>
    </message>
    <message>
        <source>threaten you with harm?</source>
        <translation>le amenaza con hacerle daño?</translation>
    </message>
    <message>
        <source>scream or curse at you?</source>
        <translation>le grita o le maldice?</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>Alimentos</translation>
    </message>
    <message>
        <source>Transportation</source>
        <translation>Transporte</translation>
    </message>
    <message>
        <source>Utilities</source>
        <translation>Servicios públicos</translation>
    </message>
    <message>
        <source>PHQ-2 (depression pre-screen)</source>
        <translation>PHQ-2 (detección breve de depresión)</translation>
    </message>
    <message>
        <source>PHQ-9 (depression)</source>
        <translation>PHQ-9 (depresión)</translation>
    </message>
    <message>
        <source>GAD-2 (anxiety pre-screen)</source>
        <translation>GAD-2 (detección breve de ansiedad)</translation>
    </message>
    <message>
        <source>GAD-7 (anxiety)</source>
        <translation>GAD-7 (ansiedad)</translation>
    </message>
    <message>
        <source>AUDIT-C (alcohol)</source>
        <translation>AUDIT-C (alcohol)</translation>
    </message>
    <message>
        <source>In the past year:</source>
        <translation>En el último año:</translation>
    </message>
    <message>
        <source>Social needs (AHC HRSN core)</source>
        <translation>Necesidades sociales (AHC HRSN básico)</translation>
    </message>
    <message>
        <source>Skip any question the member would rather not answer: that part is recorded as incomplete.</source>
        <translation>Omita cualquier pregunta que el miembro prefiera no responder: esa parte queda registrada como incompleta.</translation>
    </message>
</context>
<context>
    <name>ScreeningResultView</name>
    <message>
        <source>Safety alert: item 9 was answered above “Not at all”</source>
        <translation>Alerta de seguridad: la pregunta 9 se respondió por encima de “Ningún día”</translation>
    </message>
    <message>
        <source>A same-day safety-assessment task was created for this member. Do a suicide-risk assessment today (for example C-SSRS or ASQ), make a warm handoff to the PCP or behavioral health, and give crisis resources (call or text 988). Document the assessment on the task: it cannot be closed until you do. The alert stays on the member&apos;s chart until then.</source>
        <translation>Se creó para este miembro una tarea de evaluación de seguridad para hoy mismo. Haga hoy una evaluación del riesgo de suicidio (por ejemplo, C-SSRS o ASQ), haga una transferencia directa (warm handoff) al PCP o a salud mental, y dé recursos de crisis (llamar o enviar un mensaje de texto al 988). Documente la evaluación en la tarea: no se puede cerrar hasta que lo haga. La alerta permanece en el expediente del miembro hasta entonces.</translation>
    </message>
    <message>
        <source>&amp;I have read this and will do the safety assessment today.</source>
        <translation>&amp;He leído esto y haré la evaluación de seguridad hoy.</translation>
    </message>
    <message>
        <source>Acknowledge the safety alert</source>
        <translation>Confirmar la alerta de seguridad</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Listo</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Community resources</source>
        <translation>Recursos comunitarios</translation>
    </message>
    <message>
        <source>Acknowledge the safety alert first.</source>
        <translation>Primero confirme la alerta de seguridad.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Saved: %1, total %2 · %3</source>
        <translation>Guardado: %1, total %2 · %3</translation>
    </message>
    <message>
        <source>Saved: %1 · %2</source>
        <translation>Guardado: %1 · %2</translation>
    </message>
    <message>
        <source>Positive pre-screen: give the full %1 now. Items already answered are carried over.</source>
        <translation>Detección breve positiva: aplique ahora el %1 completo. Las preguntas ya respondidas se conservan.</translation>
    </message>
    <message>
        <source>&amp;Continue with %1</source>
        <translation>&amp;Continuar con el %1</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Qué hacer</translation>
    </message>
</context>
<context>
    <name>ScreeningsTab</name>
    <message>
        <source>&amp;New screening…</source>
        <translation>&amp;Nueva evaluación…</translation>
    </message>
    <message>
        <source>New screening</source>
        <translation>Nueva evaluación</translation>
    </message>
    <message>
        <source>Latest result per screening</source>
        <translation>Último resultado de cada evaluación</translation>
    </message>
    <message>
        <source>No screenings on record.</source>
        <translation>No hay evaluaciones registradas.</translation>
    </message>
    <message>
        <source>All screenings</source>
        <translation>Todas las evaluaciones</translation>
    </message>
    <message>
        <source>Score &amp;history</source>
        <translation>&amp;Historial de puntajes</translation>
    </message>
    <message>
        <source>Screening to chart</source>
        <translation>Evaluación para graficar</translation>
    </message>
    <message>
        <source>Selected screening</source>
        <translation>Evaluación seleccionada</translation>
    </message>
    <message>
        <source>Select a screening to see its flags and what to do.</source>
        <translation>Seleccione una evaluación para ver sus avisos y qué hacer.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntaje</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>Positivo</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Negativo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Questions answered</source>
        <translation>Preguntas respondidas</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Qué hacer</translation>
    </message>
    <message>
        <source>A safety assessment task is linked: see the Tasks tab.</source>
        <translation>Hay una tarea de evaluación de seguridad vinculada: vea la pestaña Tareas.</translation>
    </message>
</context>
<context>
    <name>SessionNoteEditor</name>
    <message>
        <source>Enter the minutes as a whole number from %1 to %2.</source>
        <translation>Escriba los minutos como un número entero de %1 a %2.</translation>
    </message>
    <message>
        <source>Choose the stage of change.</source>
        <translation>Elija la etapa de cambio.</translation>
    </message>
    <message>
        <source>Name the behaviour, or clear this card.</source>
        <translation>Nombre la conducta o vacíe esta tarjeta.</translation>
    </message>
    <message>
        <source>This is needed.</source>
        <translation>Este dato es obligatorio.</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>Escriba un número entero.</translation>
    </message>
    <message>
        <source>The smallest allowed is %1.</source>
        <translation>El mínimo permitido es %1.</translation>
    </message>
    <message>
        <source>The largest allowed is %1.</source>
        <translation>El máximo permitido es %1.</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters per line or topic.</source>
        <translation>Demasiado largo: como máximo %1 caracteres por línea o tema.</translation>
    </message>
    <message>
        <source>At most %1 entries.</source>
        <translation>Como máximo %1 entradas.</translation>
    </message>
    <message>
        <source>This cannot be in the future.</source>
        <translation>No puede ser una fecha futura.</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>Este valor no es válido.</translation>
    </message>
    <message>
        <source>Save draft (Ctrl+S)</source>
        <translation>Guardar borrador (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Guardar borrador</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>Firmar…</translation>
    </message>
    <message>
        <source>Sign the note</source>
        <translation>Firmar la nota</translation>
    </message>
    <message>
        <source>Add addendum</source>
        <translation>Agregar adenda</translation>
    </message>
    <message>
        <source>Back to sessions</source>
        <translation>Volver a las sesiones</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Abriendo…</translation>
    </message>
    <message>
        <source>This note was signed meanwhile; your unsaved changes to it were not applied.</source>
        <translation>Esta nota se firmó mientras tanto; sus cambios sin guardar no se aplicaron.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Unsaved changes kept on this computer (%1)</source>
        <translation>Cambios sin guardar conservados en esta computadora (%1)</translation>
    </message>
    <message>
        <source>A signed note cannot be changed. Write an addendum instead.</source>
        <translation>Una nota firmada no se puede cambiar. Escriba una adenda.</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>Borrador guardado.</translation>
    </message>
    <message>
        <source>Once signed, this note cannot be edited. Corrections can only be added as addenda.

Sign it now?</source>
        <translation>Una vez firmada, esta nota no se puede editar. Las correcciones solo se pueden agregar como adendas.

¿Firmarla ahora?</translation>
    </message>
    <message>
        <source>Note signed.</source>
        <translation>Nota firmada.</translation>
    </message>
    <message>
        <source>Write the correction first.</source>
        <translation>Primero escriba la corrección.</translation>
    </message>
    <message>
        <source>Addendum added.</source>
        <translation>Adenda agregada.</translation>
    </message>
    <message>
        <source>Not saved. Fields to fix: %1.</source>
        <translation>No se guardó. Campos por corregir: %1.</translation>
    </message>
    <message>
        <source>Session note</source>
        <translation>Nota de sesión</translation>
    </message>
    <message>
        <source>Session note — signed %1 (read-only)</source>
        <translation>Nota de sesión — firmada el %1 (solo lectura)</translation>
    </message>
    <message>
        <source>Session note — draft</source>
        <translation>Nota de sesión — borrador</translation>
    </message>
    <message>
        <source>New session note</source>
        <translation>Nueva nota de sesión</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>Aún sin guardar</translation>
    </message>
    <message>
        <source>Signed · %1</source>
        <translation>Firmada · %1</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Borrador guardado</translation>
    </message>
</context>
<context>
    <name>SessionsTab</name>
    <message>
        <source>New session</source>
        <translation>Nueva sesión</translation>
    </message>
    <message>
        <source>Write a note for a session with this member (Ctrl+N)</source>
        <translation>Escribir una nota de una sesión con este miembro (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open draft</source>
        <translation>Abrir borrador</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>Firmar…</translation>
    </message>
    <message>
        <source>Sign the selected draft</source>
        <translation>Firmar el borrador seleccionado</translation>
    </message>
    <message>
        <source>Add addendum</source>
        <translation>Agregar adenda</translation>
    </message>
    <message>
        <source>Fidelity self-check…</source>
        <translation>Autoevaluación de fidelidad…</translation>
    </message>
    <message>
        <source>MITI tally of the selected session, for coaches and supervisors</source>
        <translation>Conteo MITI de la sesión seleccionada, para coaches y supervisores</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Session notes</source>
        <translation>Notas de sesión</translation>
    </message>
    <message>
        <source>No sessions recorded yet.</source>
        <translation>Todavía no hay sesiones registradas.</translation>
    </message>
    <message>
        <source>Selected note</source>
        <translation>Nota seleccionada</translation>
    </message>
    <message>
        <source>Selected session note</source>
        <translation>Nota de sesión seleccionada</translation>
    </message>
    <message>
        <source>Select a session to read its note.</source>
        <translation>Seleccione una sesión para leer su nota.</translation>
    </message>
    <message>
        <source>Change over time</source>
        <translation>Cambio a lo largo del tiempo</translation>
    </message>
    <message>
        <source>&amp;Behaviour:</source>
        <translation>&amp;Conducta:</translation>
    </message>
    <message>
        <source>Behaviour to chart</source>
        <translation>Conducta para graficar</translation>
    </message>
    <message>
        <source>No target behaviours recorded in the sessions yet.</source>
        <translation>Todavía no hay conductas objetivo registradas en las sesiones.</translation>
    </message>
    <message>
        <source>Rulers by session</source>
        <translation>Reglas por sesión</translation>
    </message>
    <message>
        <source>No rulers recorded.</source>
        <translation>No hay reglas registradas.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>Importancia</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Readiness</source>
        <translation>Disposición</translation>
    </message>
    <message>
        <source>Once signed, this note cannot be edited. Corrections can only be added as addenda.

Sign it now?</source>
        <translation>Una vez firmada, esta nota no se puede editar. Las correcciones solo se pueden agregar como adendas.

¿Firmarla ahora?</translation>
    </message>
    <message>
        <source>Sign the note</source>
        <translation>Firmar la nota</translation>
    </message>
    <message>
        <source>Note signed.</source>
        <translation>Nota firmada.</translation>
    </message>
    <message>
        <source>Fidelity self-check saved.</source>
        <translation>Autoevaluación de fidelidad guardada.</translation>
    </message>
    <message>
        <source>Discard the unsaved session note? What was typed and not saved will be lost.</source>
        <translation>¿Descartar la nota de sesión sin guardar? Se perderá lo que se escribió y no se guardó.</translation>
    </message>
    <message>
        <source>A session note begun %1 was not saved yet.</source>
        <translation>Una nota de sesión empezada el %1 aún no se ha guardado.</translation>
    </message>
    <message>
        <source>Signed %1</source>
        <translation>Firmada el %1</translation>
    </message>
    <message>
        <source>Draft, not signed</source>
        <translation>Borrador, sin firmar</translation>
    </message>
    <message>
        <source>%1, %2 minutes</source>
        <translation>%1, %2 minutos</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Cómo</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Presentes</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Next contact</source>
        <translation>Próximo contacto</translation>
    </message>
    <message>
        <source>importance %1, confidence %2, readiness %3</source>
        <translation>importancia %1, confianza %2, disposición %3</translation>
    </message>
    <message>
        <source>Change talk heard</source>
        <translation>Discurso de cambio escuchado</translation>
    </message>
    <message>
        <source>Sustain talk</source>
        <translation>Discurso de mantenimiento</translation>
    </message>
    <message>
        <source>OARS used</source>
        <translation>OARS usadas</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Narrativa</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>Próximos pasos</translation>
    </message>
    <message>
        <source>Addenda</source>
        <translation>Adendas</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>&amp;Lock after this many idle minutes</source>
        <translation>&amp;Bloquear tras estos minutos de inactividad</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Idle minutes before Coach locks</source>
        <translation>Minutos de inactividad antes de que Coach se bloquee</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Coach locks itself after this many minutes without keyboard or mouse use (at most %1); time the computer spent asleep counts too.</source>
        <translation>Coach se bloquea solo tras estos minutos sin usar el teclado ni el mouse (como máximo %1); el tiempo que la computadora pasó en suspensión también cuenta.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Conflicts inbox</source>
        <translation>Bandeja de conflictos</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Última sincronización:</translation>
    </message>
    <message>
        <source>Waiting to send:</source>
        <translation>Pendiente de enviar:</translation>
    </message>
    <message>
        <source>Open conflicts:</source>
        <translation>Conflictos abiertos:</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>Conexión:</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sincronizar ahora</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancelar</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>Cancelar la sincronización</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progreso de la sincronización</translation>
    </message>
    <message>
        <source>&lt;b&gt;This computer is not enrolled with a Coach server yet.&lt;/b&gt;&lt;br&gt;Everything you record is saved on this computer. To share it with your team, ask IT for the server address and an enrolment code, then enrol this computer (here, or File ▸ Enrol this computer; IT can also use &lt;code&gt;coachctl enroll&lt;/code&gt;). Sync starts by itself once it is enrolled.</source>
        <translation>&lt;b&gt;Esta computadora todavía no está inscrita en un servidor de Coach.&lt;/b&gt;&lt;br&gt;Todo lo que registra se guarda en esta computadora. Para compartirlo con su equipo, pida a TI la dirección del servidor y un código de inscripción, y luego inscriba esta computadora (aquí, o en Archivo ▸ Inscribir esta computadora; TI también puede usar &lt;code&gt;coachctl enroll&lt;/code&gt;). La sincronización empieza sola una vez inscrita.</translation>
    </message>
    <message>
        <source>&amp;Enrol this computer…</source>
        <translation>&amp;Inscribir esta computadora…</translation>
    </message>
    <message>
        <source>Enrol this computer with a Coach server</source>
        <translation>Inscribir esta computadora en un servidor de Coach</translation>
    </message>
    <message>
        <source>&amp;Enrol again…</source>
        <translation>&amp;Volver a inscribir…</translation>
    </message>
    <message>
        <source>Enrol this computer again</source>
        <translation>Volver a inscribir esta computadora</translation>
    </message>
    <message>
        <source>Conflict resolved. Your choice is sent at the next sync.</source>
        <translation>Conflicto resuelto. Su elección se envía en la próxima sincronización.</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Nada</translation>
    </message>
    <message>
        <source>%1 — choose what to keep below</source>
        <translation>%1 — elija abajo qué conservar</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Needs your attention</source>
        <translation>Necesita su atención</translation>
    </message>
    <message>
        <source>All good</source>
        <translation>Todo bien</translation>
    </message>
    <message>
        <source>(%1 sent, %2 received)</source>
        <translation>(%1 enviados, %2 recibidos)</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Open conflicts: show the Sync page</source>
        <translation>Conflictos abiertos: mostrar la página Sincronizar</translation>
    </message>
    <message>
        <source>Show the conflicts inbox</source>
        <translation>Mostrar la bandeja de conflictos</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progreso de la sincronización</translation>
    </message>
    <message>
        <source>Not enrolled: working on this computer</source>
        <translation>Sin inscribir: trabajando en esta computadora</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Conexión: %1</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>Sincronizado %1</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Aún sin sincronizar</translation>
    </message>
    <message>
        <source>To send: %1</source>
        <translation>Por enviar: %1</translation>
    </message>
    <message>
        <source>Nothing to send</source>
        <translation>Nada por enviar</translation>
    </message>
    <message>
        <source>Conflicts: %1</source>
        <translation>Conflictos: %1</translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mi versión</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>La otra versión</translation>
    </message>
    <message>
        <source>Theirs changed by</source>
        <translation>Quién hizo la otra versión</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>No member</source>
        <translation>Sin miembro</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s)</source>
        <translation>
            <numerusform>%n campo</numerusform>
            <numerusform>%n campos</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <source>Edited: %1</source>
        <translation>Editado: %1</translation>
    </message>
    <message>
        <source>Delete it</source>
        <translation>Eliminarlo</translation>
    </message>
    <message>
        <source>Keep it, with the changes</source>
        <translation>Conservarlo, con los cambios</translation>
    </message>
    <message>
        <source>You, on another device</source>
        <translation>Usted, en otro dispositivo</translation>
    </message>
    <message>
        <source>Colleague (%1)</source>
        <translation>Colega (%1)</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Synced, but some changes clashed. Choose what to keep in the conflicts inbox below.</source>
        <translation>Sincronizado, pero algunos cambios chocaron. Elija qué conservar en la bandeja de conflictos de abajo.</translation>
    </message>
    <message>
        <source>Up to date with the server except the changes waiting to be sent.</source>
        <translation>Al día con el servidor, salvo los cambios que esperan para enviarse.</translation>
    </message>
    <message>
        <source>Everything is synced.</source>
        <translation>Todo está sincronizado.</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>Aún sin sincronizar.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Empezando…</translation>
    </message>
    <message>
        <source>Contacting the server…</source>
        <translation>Contactando con el servidor…</translation>
    </message>
    <message>
        <source>Sending your changes…</source>
        <translation>Enviando sus cambios…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Recibiendo cambios…</translation>
    </message>
    <message>
        <source>Downloading your panel…</source>
        <translation>Descargando su panel…</translation>
    </message>
    <message>
        <source>Sending recent changes again…</source>
        <translation>Volviendo a enviar los cambios recientes…</translation>
    </message>
    <message>
        <source>Erasing this computer…</source>
        <translation>Borrando esta computadora…</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Offline: can&apos;t reach the Coach server. Your changes are saved on this computer and will sync when the connection returns.</source>
        <translation>Sin conexión: no se puede contactar con el servidor de Coach. Sus cambios están guardados en esta computadora y se sincronizarán cuando vuelva la conexión.</translation>
    </message>
    <message>
        <source>This computer&apos;s sign-in to the Coach server has expired or was refused. Sign in again by enrolling this computer (ask IT for a new enrolment code). Your unsynced changes are kept.</source>
        <translation>El acceso de esta computadora al servidor de Coach venció o fue rechazado. Vuelva a iniciar sesión inscribiendo esta computadora (pida a TI un código de inscripción nuevo). Sus cambios sin sincronizar se conservan.</translation>
    </message>
    <message>
        <source>Your organisation removed this computer from Coach, and the data on it has been erased. Ask IT to enrol it again if you still need it.</source>
        <translation>Su organización retiró esta computadora de Coach y se borraron sus datos. Pida a TI que la vuelva a inscribir si todavía la necesita.</translation>
    </message>
    <message>
        <source>This version of Coach Desktop is too old for the server. Update the app; your unsynced changes are kept and will be sent after the update.</source>
        <translation>Esta versión de Coach Desktop es demasiado antigua para el servidor. Actualice la aplicación; sus cambios sin sincronizar se conservan y se enviarán después de la actualización.</translation>
    </message>
    <message>
        <source>Coach needs to download your panel again. Your unsynced changes are kept.</source>
        <translation>Coach necesita volver a descargar su panel. Sus cambios sin sincronizar se conservan.</translation>
    </message>
    <message>
        <source>The Coach server was restored from a backup. Coach is sending your recent changes again and re-downloading your panel.</source>
        <translation>El servidor de Coach se restauró desde una copia de seguridad. Coach está volviendo a enviar sus cambios recientes y a descargar su panel.</translation>
    </message>
    <message>
        <source>The Coach server had a problem. Your changes are saved; Coach will try again.</source>
        <translation>El servidor de Coach tuvo un problema. Sus cambios están guardados; Coach lo volverá a intentar.</translation>
    </message>
    <message>
        <source>The Coach server sent an answer this app could not use. Your changes are saved; tell IT if this keeps happening.</source>
        <translation>El servidor de Coach envió una respuesta que esta aplicación no pudo usar. Sus cambios están guardados; avise a TI si vuelve a pasar.</translation>
    </message>
    <message>
        <source>Sync was stopped. Your changes are saved and will be sent next time.</source>
        <translation>Se detuvo la sincronización. Sus cambios están guardados y se enviarán la próxima vez.</translation>
    </message>
    <message>
        <source>Coach has not checked in with the server for too long. Connect to the network and sync to open your patient data again.</source>
        <translation>Coach lleva demasiado tiempo sin comunicarse con el servidor. Conéctese a la red y sincronice para volver a abrir los datos de sus pacientes.</translation>
    </message>
    <message>
        <source>Member details</source>
        <translation>Datos del miembro</translation>
    </message>
    <message>
        <source>Session note</source>
        <translation>Nota de sesión</translation>
    </message>
    <message>
        <source>Note addendum</source>
        <translation>Adenda de nota</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de atención</translation>
    </message>
    <message>
        <source>Care plan goal</source>
        <translation>Meta del plan de atención</translation>
    </message>
    <message>
        <source>Care plan intervention</source>
        <translation>Acción del plan de atención</translation>
    </message>
    <message>
        <source>Care plan barrier</source>
        <translation>Barrera del plan de atención</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referido</translation>
    </message>
    <message>
        <source>Care transition</source>
        <translation>Transición de cuidado</translation>
    </message>
    <message>
        <source>Community resource</source>
        <translation>Recurso comunitario</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Chart abstraction</source>
        <translation>Resumen del expediente</translation>
    </message>
    <message>
        <source>Practice assessment</source>
        <translation>Evaluación de la práctica</translation>
    </message>
    <message>
        <source>PDSA cycle</source>
        <translation>Ciclo PDSA</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>In the member&apos;s words</source>
        <translation>En palabras del miembro</translation>
    </message>
    <message>
        <source>Strengths</source>
        <translation>Fortalezas</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Review due</source>
        <translation>Revisión pendiente</translation>
    </message>
    <message>
        <source>Last reviewed</source>
        <translation>Última revisión</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Target date</source>
        <translation>Fecha objetivo</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Preferred language</source>
        <translation>Idioma preferido</translation>
    </message>
    <message>
        <source>Primary care provider</source>
        <translation>Proveedor de atención primaria</translation>
    </message>
    <message>
        <source>Risk tier</source>
        <translation>Nivel de riesgo</translation>
    </message>
    <message>
        <source>Sync did not finish. Your changes are saved; Coach will try again.</source>
        <translation>La sincronización no terminó. Sus cambios están guardados; Coach lo volverá a intentar.</translation>
    </message>
    <message>
        <source>Whole record</source>
        <translation>Registro completo</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>hace un momento</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>hace %n min</numerusform>
            <numerusform>hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>hace %n h</numerusform>
            <numerusform>hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocida</translation>
    </message>
    <message>
        <source>Not syncing</source>
        <translation>Sin sincronizar</translation>
    </message>
</context>
<context>
    <name>TalkRow</name>
    <message>
        <source>Change talk heard: %1</source>
        <translation>Discurso de cambio escuchado: %1</translation>
    </message>
    <message>
        <source>Their words (optional)</source>
        <translation>Sus palabras (opcional)</translation>
    </message>
    <message>
        <source>Quote for %1</source>
        <translation>Cita para %1</translation>
    </message>
</context>
<context>
    <name>TasksTab</name>
    <message>
        <source>Tasks (%1 open of %2)</source>
        <translation>Tareas (abiertas: %1 de %2)</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>No tasks for this member.</source>
        <translation>No hay tareas para este miembro.</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Loading your worklist…</source>
        <translation>Cargando su lista de trabajo…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Refresh the worklist</source>
        <translation>Actualizar la lista de trabajo</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>Lista de trabajo</translation>
    </message>
    <message>
        <source>Nothing due today.

No safety alerts, no overdue contacts and nothing coming up in the next days. New work appears here as it falls due.</source>
        <translation>Nada pendiente para hoy.

No hay alertas de seguridad, contactos vencidos ni nada próximo en los siguientes días. El trabajo nuevo aparece aquí cuando le toca.</translation>
    </message>
    <message>
        <source>Nothing due today</source>
        <translation>Nada pendiente para hoy</translation>
    </message>
    <message>
        <source>Nothing due today.</source>
        <translation>Nada pendiente para hoy.</translation>
    </message>
    <message numerus="yes">
        <source>%n safety alert(s)</source>
        <translation>
            <numerusform>%n alerta de seguridad</numerusform>
            <numerusform>%n alertas de seguridad</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n vencido</numerusform>
            <numerusform>%n vencidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>%n para hoy</numerusform>
            <numerusform>%n para hoy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coming up</source>
        <translation>
            <numerusform>%n próximo</numerusform>
            <numerusform>%n próximos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayTreeModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>Vencido hace %n día</numerusform>
            <numerusform>Vencido hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Safety alerts</source>
        <translation>Alertas de seguridad</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidos</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Para hoy</translation>
    </message>
    <message>
        <source>Coming up</source>
        <translation>Próximos</translation>
    </message>
    <message>
        <source>Safety assessment: PHQ-9 item 9 positive</source>
        <translation>Evaluación de seguridad: pregunta 9 del PHQ-9 positiva</translation>
    </message>
    <message>
        <source>First contact after discharge (by business day 2)</source>
        <translation>Primer contacto tras el alta (antes del 2.º día hábil)</translation>
    </message>
    <message>
        <source>First contact after an ED visit (by business day 2)</source>
        <translation>Primer contacto tras ir a emergencias (antes del 2.º día hábil)</translation>
    </message>
    <message>
        <source>Routine check-in</source>
        <translation>Seguimiento de rutina</translation>
    </message>
    <message>
        <source>Face-to-face visit (tier 1: monthly)</source>
        <translation>Visita en persona (nivel 1: mensual)</translation>
    </message>
    <message>
        <source>Weekly check-in after discharge</source>
        <translation>Seguimiento semanal después del alta</translation>
    </message>
    <message>
        <source>First contact after discharge</source>
        <translation>Primer contacto después del alta</translation>
    </message>
    <message>
        <source>Referral past its expected date: follow up</source>
        <translation>Referido pasado de la fecha esperada: dar seguimiento</translation>
    </message>
    <message>
        <source>Offer a depression screen (PHQ-2 or PHQ-9)</source>
        <translation>Ofrecer una evaluación de depresión (PHQ-2 o PHQ-9)</translation>
    </message>
    <message>
        <source>Care-plan review</source>
        <translation>Revisión del plan de atención</translation>
    </message>
    <message>
        <source>Task: contact the member</source>
        <translation>Tarea: contactar al miembro</translation>
    </message>
    <message>
        <source>Task: post-discharge call</source>
        <translation>Tarea: llamada después del alta</translation>
    </message>
    <message>
        <source>Task: medication reconciliation</source>
        <translation>Tarea: conciliación de medicamentos</translation>
    </message>
    <message>
        <source>Task: PCP visit after discharge</source>
        <translation>Tarea: visita al PCP después del alta</translation>
    </message>
    <message>
        <source>Task: behavioral-health follow-up</source>
        <translation>Tarea: seguimiento de salud mental</translation>
    </message>
    <message>
        <source>Task: care-plan review</source>
        <translation>Tarea: revisión del plan de atención</translation>
    </message>
    <message>
        <source>Task: safety assessment</source>
        <translation>Tarea: evaluación de seguridad</translation>
    </message>
    <message>
        <source>Task: referral follow-up</source>
        <translation>Tarea: seguimiento del referido</translation>
    </message>
    <message>
        <source>Task: screening due</source>
        <translation>Tarea: evaluación pendiente</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>Dar seguimiento</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Nivel %1</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Mañana</translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>En %n día</numerusform>
            <numerusform>En %n días</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Rulers and stage over time</source>
        <translation>Reglas y etapa a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>Importancia</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Readiness</source>
        <translation>Disposición</translation>
    </message>
    <message>
        <source>(0–10)</source>
        <translation>(0–10)</translation>
    </message>
    <message>
        <source>stage %1 to %2</source>
        <translation>etapa: de %1 a %2</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 to %3</source>
        <translation>%1: de %2 a %3</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Coach Desktop</source>
        <translation>Le damos la bienvenida a Coach Desktop</translation>
    </message>
    <message>
        <source>Everything you record about your members is kept in an encrypted vault on this computer. Only your passphrase opens it, so choose one you will remember: nobody can read it back for you.

Next you can enrol this computer with your organisation&apos;s Coach server, so your work is backed up and shared with your team. You can also do that later.</source>
        <translation>Todo lo que registre sobre sus miembros se guarda en una bóveda cifrada en esta computadora. Solo su frase de contraseña la abre, así que elija una que vaya a recordar: nadie puede recuperarla por usted.

A continuación puede inscribir esta computadora en el servidor de Coach de su organización, para que su trabajo tenga copia de seguridad y se comparta con su equipo. También puede hacerlo más tarde.</translation>
    </message>
    <message>
        <source>The vault will be created in: %1</source>
        <translation>La bóveda se creará en: %1</translation>
    </message>
</context>
</TS>
