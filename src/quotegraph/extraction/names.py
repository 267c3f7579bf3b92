"""Common given names by usual gender, for pronoun agreement ('she' is not 'Paul Lind').

A name in neither list leaves gender unknown: agreement then does not decide.
"""

FEMALE_NAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
    sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
    sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha
    katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
    joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha
    jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy
    grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
    charlotte rose alexis kayla hillary nadia elena sofia sophie marta carla lucy amara angela ursula
    theresa nicola marine ségolène segolene christine condoleezza nancy kamala elizabeth ilhan
    alexandria tulsi nikki sarah kellyanne hope ivanka melania chelsea huma donna debbie dianne jeanne
    jeanine tammy kirsten amy susan lisa olga irina natalia svetlana tatiana yulia ekaterina maria
    valentina galina ludmila lyudmila anastasia fatima aisha amina leila layla mariam zainab noura priya
    anjali sunita indira mei li ying xin yuki akiko hana ines ana lucia carmen isabel pilar rosa
    mercedes beatriz fernanda gabriela camila valeria daniela ingrid astrid greta sigrid karin anke
    angelika petra sabine claudia monika ursula birgit francesca giulia chiara giorgia ewa agnieszka
    katarzyna malgorzata joanna magdalena marine anne nathalie isabelle sylvie catherine brigitte
    """.split()
)

MALE_NAMES = frozenset(
    """
    james robert john michael david william richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
    zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin
    carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan
    wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis barack bernie mitt mike
    ted marco jeb chris rand newt rick bill vladimir dmitry dmitri sergei sergey alexei alexey ivan
    nikolai mikhail boris yuri igor oleg andrei andrey viktor victor ramzan ramon tomas jonas luc henrik
    dan kwame paul viktor georgy mohammed muhammad ahmed ali omar hassan hussein abdullah khalid mahmoud
    bashar recep tayyip ibrahim yusuf mustafa emmanuel francois françois jean pierre jacques nicolas
    olaf helmut gerhard wolfgang hans klaus jurgen jürgen stefan matteo giuseppe silvio mario luigi
    carlos luis jorge miguel pedro manuel javier antonio alejandro diego fernando rafael xi li wei jun
    hiroshi shinzo fumio narendra rahul amit raj benjamin yair naftali yitzhak shimon ehud volodymyr
    petro kim moon tony gordon boris keir rishi liam jeremy nigel justin stephen malcolm scott kevin
    cyril jacob thabo
    """.split()
)
