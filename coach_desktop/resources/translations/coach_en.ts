<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CarePlanTab</name>
    <message numerus="yes">
        <source>%n earlier or closed care plan(s) not shown.</source>
        <translation>
            <numerusform>%n earlier or closed care plan not shown.</numerusform>
            <numerusform>%n earlier or closed care plans not shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n entries)</source>
        <translation>
            <numerusform>(%n entry)</numerusform>
            <numerusform>(%n entries)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChartRows</name>
    <message numerus="yes">
        <source>(+%n more)</source>
        <translation>
            <numerusform>(+%n more)</numerusform>
            <numerusform>(+%n more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n addendum(s)</source>
        <translation>
            <numerusform>%n addendum</numerusform>
            <numerusform>%n addenda</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Overdue by %n day</numerusform>
            <numerusform>Overdue by %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message numerus="yes">
        <source>Careful: %n more wrong tries erase this vault. Work already synced is safe on the server.</source>
        <translation>
            <numerusform>Careful: %n more wrong try erases this vault. Work already synced is safe on the server.</numerusform>
            <numerusform>Careful: %n more wrong tries erase this vault. Work already synced is safe on the server.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.</source>
        <translation>
            <numerusform>Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.</numerusform>
            <numerusform>Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.</source>
        <translation>
            <numerusform>Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.</numerusform>
            <numerusform>Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberHeaderWidget</name>
    <message numerus="yes">
        <source>%n sync conflict(s) on this member&apos;s records wait for your decision on the Sync page.</source>
        <translation>
            <numerusform>%n sync conflict on this member&apos;s records waits for your decision on the Sync page.</numerusform>
            <numerusform>%n sync conflicts on this member&apos;s records wait for your decision on the Sync page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n open</numerusform>
            <numerusform>%n open</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unresolved</source>
        <translation>
            <numerusform>%n unresolved</numerusform>
            <numerusform>%n unresolved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PanelPage</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message numerus="yes">
        <source>%n field(s)</source>
        <translation>
            <numerusform>%n field</numerusform>
            <numerusform>%n fields</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n safety alert(s)</source>
        <translation>
            <numerusform>%n safety alert</numerusform>
            <numerusform>%n safety alerts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>%n due today</numerusform>
            <numerusform>%n due today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coming up</source>
        <translation>
            <numerusform>%n coming up</numerusform>
            <numerusform>%n coming up</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayTreeModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
</context>
</TS>
